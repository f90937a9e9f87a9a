"""CG-S3-005: every bucket has a versioning configuration."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import StackValidationArgs

from .. import aws_types as t
from ..buckets import buckets_without
from ..rule import RuleMetadata, StackRule, nist


def check(args: StackValidationArgs) -> Iterator[tuple[str, str]]:
    yield from buckets_without(args, t.S3_VERSIONING)


RULE = StackRule(
    meta=RuleMetadata(
        id="CG-S3-005",
        title="Every S3 bucket has a versioning configuration",
        description="Each bucket is paired with an s3.BucketVersioning resource.",
        severity="medium",
        enforcement="mandatory",
        remediation="Create an s3.BucketVersioning with bucket=<bucket>.id and status 'Enabled'.",
        controls=nist("cp-9", "cp-10"),
        properties=("bucket (of BucketVersioning)",),
    ),
    subject_types=frozenset({t.S3_BUCKET}),
    check=check,
)

"""CG-S3-003: every bucket has a public access block."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import StackValidationArgs

from .. import aws_types as t
from ..buckets import buckets_without
from ..rule import RuleMetadata, StackRule, fsbp, nist


def check(args: StackValidationArgs) -> Iterator[tuple[str, str]]:
    yield from buckets_without(args, t.S3_PUBLIC_ACCESS_BLOCK)


RULE = StackRule(
    meta=RuleMetadata(
        id="CG-S3-003",
        title="Every S3 bucket has a public access block",
        description="Each bucket is paired with an s3.BucketPublicAccessBlock.",
        severity="high",
        enforcement="mandatory",
        remediation="Create an s3.BucketPublicAccessBlock with bucket=<bucket>.id next to the bucket.",
        controls=nist("ac-3", "sc-7") + fsbp("S3.1", "S3.8"),
        properties=("bucket (of BucketPublicAccessBlock)",),
    ),
    subject_types=frozenset({t.S3_BUCKET}),
    check=check,
)

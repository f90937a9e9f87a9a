"""CG-S3-007: every bucket has a bucket policy that requires TLS."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import StackValidationArgs

from .. import aws_types as t
from ..buckets import buckets, configurations, denies_insecure_transport
from ..rule import RuleMetadata, StackRule, fsbp, nist


def check(args: StackValidationArgs) -> Iterator[tuple[str, str]]:
    for bucket in buckets(args):
        policies = configurations(args, bucket, t.S3_POLICY)
        if not any(denies_insecure_transport(p.props.get("policy")) for p in policies):
            yield bucket.urn, "no BucketPolicy for this bucket denies requests without aws:SecureTransport"


RULE = StackRule(
    meta=RuleMetadata(
        id="CG-S3-007",
        title="Every S3 bucket has a TLS-only bucket policy",
        description="Each bucket is paired with an s3.BucketPolicy that denies requests made without TLS.",
        severity="high",
        enforcement="mandatory",
        remediation="Create an s3.BucketPolicy for the bucket with the aws:SecureTransport deny statement.",
        controls=nist("sc-8", "sc-8.1") + fsbp("S3.5"),
        properties=("policy (of BucketPolicy)",),
    ),
    subject_types=frozenset({t.S3_BUCKET}),
    check=check,
)

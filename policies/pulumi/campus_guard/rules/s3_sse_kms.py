"""CG-S3-001: every bucket has default encryption with SSE-KMS."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import StackValidationArgs

from .. import aws_types as t
from ..buckets import buckets, configurations, is_log_target
from ..props import as_list, dig
from ..rule import RuleMetadata, StackRule, cis_aws, nist

KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")
# S3 cannot deliver server access logs into an SSE-KMS bucket, so log target buckets use SSE-S3.
LOG_TARGET_ALGORITHMS = ("AES256", *KMS_ALGORITHMS)


def check(args: StackValidationArgs) -> Iterator[tuple[str, str]]:
    for bucket in buckets(args):
        allowed = LOG_TARGET_ALGORITHMS if is_log_target(args, bucket) else KMS_ALGORITHMS
        configs = configurations(args, bucket, t.S3_SSE)
        if not configs:
            yield bucket.urn, "no BucketServerSideEncryptionConfiguration refers to this bucket"
            continue
        for config in configs:
            for index, rule in enumerate(as_list(config.props.get("rules"))):
                algorithm = dig(rule, "applyServerSideEncryptionByDefault.sseAlgorithm")
                if algorithm not in allowed:
                    yield (
                        bucket.urn,
                        f"{config.name}: rules[{index}].applyServerSideEncryptionByDefault.sseAlgorithm is "
                        f"{algorithm!r}, expected one of {', '.join(allowed)}",
                    )


RULE = StackRule(
    meta=RuleMetadata(
        id="CG-S3-001",
        title="S3 buckets encrypt by default with SSE-KMS",
        description="Every S3 bucket has a server-side encryption configuration whose default is SSE-KMS; "
        "buckets receiving server access logs may use SSE-S3, the only encryption log delivery supports.",
        severity="high",
        enforcement="mandatory",
        remediation="Add an s3.BucketServerSideEncryptionConfiguration for the bucket with "
        "apply_server_side_encryption_by_default.sse_algorithm='aws:kms' and the campus KMS key.",
        controls=nist("sc-28", "sc-28.1", "sc-13") + cis_aws("1.5.0", "2.1.1"),
        properties=("rules[].applyServerSideEncryptionByDefault.sseAlgorithm",),
    ),
    subject_types=frozenset({t.S3_BUCKET}),
    check=check,
)

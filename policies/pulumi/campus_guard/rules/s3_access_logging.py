"""CG-S3-008: buckets log server access to a log bucket."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import StackValidationArgs

from .. import aws_types as t
from ..buckets import buckets, configurations, is_log_target
from ..rule import RuleMetadata, StackRule, fsbp, nist


def check(args: StackValidationArgs) -> Iterator[tuple[str, str]]:
    for bucket in buckets(args):
        # A log bucket does not log into itself (that would loop); it is the target of others' logging.
        if not is_log_target(args, bucket) and not configurations(args, bucket, t.S3_LOGGING):
            yield bucket.urn, "no BucketLogging refers to this bucket (server access logging is off)"


RULE = StackRule(
    meta=RuleMetadata(
        id="CG-S3-008",
        title="S3 server access logging is enabled",
        description="Each bucket that is not itself a log target has an s3.BucketLogging sending access "
        "logs to a log bucket.",
        severity="medium",
        enforcement="advisory",
        remediation="Create an s3.BucketLogging with bucket=<bucket>.id and target_bucket=<log bucket>.id.",
        controls=nist("au-2", "au-12") + fsbp("S3.9"),
        properties=("bucket / targetBucket (of BucketLogging)",),
    ),
    subject_types=frozenset({t.S3_BUCKET}),
    check=check,
)

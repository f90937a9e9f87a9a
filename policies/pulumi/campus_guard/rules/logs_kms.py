"""CG-LOG-002: log groups are encrypted with the campus KMS key."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..rule import ResourceRule, RuleMetadata, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if not args.props.get("kmsKeyId"):
        yield "kmsKeyId is not set: the log group uses CloudWatch's service key"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-LOG-002",
        title="CloudWatch log groups are encrypted with KMS",
        description="Log groups encrypt their events with a customer managed KMS key.",
        severity="medium",
        enforcement="advisory",
        remediation="Set kms_key_id=<campus key ARN> on the cloudwatch.LogGroup (the key policy must allow "
        "logs.<region>.amazonaws.com).",
        controls=nist("au-9", "sc-28", "sc-28.1"),
        properties=("kmsKeyId",),
    ),
    resource_types=frozenset({t.LOG_GROUP}),
    check=check,
)

"""CG-DDB-001: DynamoDB tables have point-in-time recovery."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import dig
from ..rule import ResourceRule, RuleMetadata, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    enabled = dig(args.props, "pointInTimeRecovery.enabled")
    if enabled is not True:
        yield f"pointInTimeRecovery.enabled is {enabled!r}, must be true"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-DDB-001",
        title="DynamoDB point-in-time recovery is enabled",
        description="DynamoDB tables keep continuous backups so they can be restored to any second of the "
        "last 35 days.",
        severity="high",
        enforcement="mandatory",
        remediation="Set point_in_time_recovery.enabled=True on the dynamodb.Table.",
        controls=nist("cp-9", "cp-10", "cp-10.2") + fsbp("DynamoDB.2"),
        properties=("pointInTimeRecovery.enabled",),
    ),
    resource_types=frozenset({t.DYNAMODB_TABLE}),
    check=check,
)

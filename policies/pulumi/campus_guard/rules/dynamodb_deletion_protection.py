"""CG-DDB-003: DynamoDB tables have deletion protection."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..rule import ResourceRule, RuleMetadata, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if args.props.get("deletionProtectionEnabled") is not True:
        yield f"deletionProtectionEnabled is {args.props.get('deletionProtectionEnabled')!r}, must be true"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-DDB-003",
        title="DynamoDB deletion protection is enabled",
        description="DynamoDB tables refuse DeleteTable until deletion protection is turned off.",
        severity="medium",
        enforcement="mandatory",
        remediation="Set deletion_protection_enabled=True on the dynamodb.Table.",
        controls=nist("cp-9", "cm-3") + fsbp("DynamoDB.6"),
        properties=("deletionProtectionEnabled",),
    ),
    resource_types=frozenset({t.DYNAMODB_TABLE}),
    check=check,
)

"""CG-LOG-001: log groups expire, and keep a year in prod."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import is_prod
from ..rule import ResourceRule, RuleMetadata, nist

MINIMUM_DAYS = 7
MINIMUM_DAYS_PROD = 365


def check(args: ResourceValidationArgs) -> Iterator[str]:
    days = args.props.get("retentionInDays")
    if not days:
        yield "retentionInDays is not set: events are kept forever at ingest-and-storage cost"
        return
    needed = MINIMUM_DAYS_PROD if is_prod(args.props) else MINIMUM_DAYS
    if int(days) < needed:
        yield f"retentionInDays is {int(days)}, must be at least {needed} in this environment"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-LOG-001",
        title="CloudWatch log groups have a retention period",
        description="Log groups set retentionInDays: at least 7 days, at least 365 days in prod.",
        severity="medium",
        enforcement="mandatory",
        remediation="Set retention_in_days on the cloudwatch.LogGroup from the stack config (prod 365).",
        controls=nist("au-11", "si-12"),
        properties=("retentionInDays", "tags.Environment"),
    ),
    resource_types=frozenset({t.LOG_GROUP}),
    check=check,
)

"""CG-RDS-002: clusters keep backups 7 days, 35 in prod."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import is_prod
from ..rule import ResourceRule, RuleMetadata, nist

MINIMUM_DAYS = 7
MINIMUM_DAYS_PROD = 35


def check(args: ResourceValidationArgs) -> Iterator[str]:
    needed = MINIMUM_DAYS_PROD if is_prod(args.props) else MINIMUM_DAYS
    # Unset means AWS's default of 1 day.
    days = args.props.get("backupRetentionPeriod") or 1
    if int(days) < needed:
        yield f"backupRetentionPeriod is {int(days)}, must be at least {needed} days in this environment"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-RDS-002",
        title="RDS cluster backups are retained long enough",
        description="Automated backups are kept at least 7 days, and 35 days (the maximum) in prod.",
        severity="high",
        enforcement="mandatory",
        remediation="Set backup_retention_period on the rds.Cluster from the stack config (>= 7, prod 35).",
        controls=nist("cp-9", "cp-10"),
        properties=("backupRetentionPeriod", "tags.Environment"),
    ),
    resource_types=frozenset({t.RDS_CLUSTER}),
    check=check,
)

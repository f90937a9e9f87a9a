"""CG-RDS-004: clusters accept IAM database authentication."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..rule import ResourceRule, RuleMetadata, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    value = args.props.get("iamDatabaseAuthenticationEnabled")
    if value is not True:
        yield f"iamDatabaseAuthenticationEnabled is {value!r}, must be true"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-RDS-004",
        title="RDS clusters use IAM database authentication",
        description="Workloads connect to Aurora with short-lived IAM tokens instead of stored passwords.",
        severity="medium",
        enforcement="advisory",
        remediation="Set iam_database_authentication_enabled=True on the rds.Cluster.",
        controls=nist("ia-2", "ia-5", "ac-3") + fsbp("RDS.12"),
        properties=("iamDatabaseAuthenticationEnabled",),
    ),
    resource_types=frozenset({t.RDS_CLUSTER}),
    check=check,
)

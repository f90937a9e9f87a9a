"""CG-RDS-003: clusters have deletion protection."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..rule import ResourceRule, RuleMetadata, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if args.props.get("deletionProtection") is not True:
        yield f"deletionProtection is {args.props.get('deletionProtection')!r}, must be true"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-RDS-003",
        title="RDS cluster deletion protection is enabled",
        description="Aurora/RDS clusters refuse deletion until deletion protection is turned off.",
        severity="medium",
        enforcement="mandatory",
        remediation="Set deletion_protection=True on the rds.Cluster.",
        controls=nist("cp-9", "cm-3") + fsbp("RDS.7"),
        properties=("deletionProtection",),
    ),
    resource_types=frozenset({t.RDS_CLUSTER}),
    check=check,
)

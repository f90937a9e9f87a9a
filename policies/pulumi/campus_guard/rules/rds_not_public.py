"""CG-RDS-005: cluster instances are not publicly accessible."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..rule import ResourceRule, RuleMetadata, cis_aws, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if args.props.get("publiclyAccessible") is True:
        yield "publiclyAccessible is true: the instance gets a public DNS name and address"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-RDS-005",
        title="RDS instances are not publicly accessible",
        description="Aurora cluster instances are reachable only from inside the VPC.",
        severity="critical",
        enforcement="mandatory",
        remediation="Set publicly_accessible=False (the default) on the rds.ClusterInstance.",
        controls=nist("ac-3", "sc-7")
        + fsbp("RDS.2")
        + cis_aws("1.5.0", "2.3.3")
        + cis_aws("3.0.0", "2.3.3")
        + cis_aws("5.0.0", "2.2.3"),
        properties=("publiclyAccessible",),
    ),
    resource_types=frozenset({t.RDS_CLUSTER_INSTANCE}),
    check=check,
)

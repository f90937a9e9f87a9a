"""CG-EC2-007: the default security group allows nothing."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import as_list
from ..rule import ResourceRule, RuleMetadata, cis_aws, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    for direction in ("ingress", "egress"):
        rules = as_list(args.props.get(direction))
        if rules:
            yield f"{direction} has {len(rules)} rule(s), the default security group must have none"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-EC2-007",
        title="Default security groups restrict all traffic",
        description="The VPC's default security group is adopted with no ingress and no egress rules.",
        severity="medium",
        enforcement="mandatory",
        remediation="Manage the ec2.DefaultSecurityGroup with empty ingress and egress lists.",
        controls=nist("ac-4", "sc-7")
        + fsbp("EC2.2")
        + cis_aws("1.5.0", "5.4")
        + cis_aws("3.0.0", "5.4")
        + cis_aws("5.0.0", "5.5"),
        properties=("ingress", "egress"),
    ),
    resource_types=frozenset({t.EC2_DEFAULT_SECURITY_GROUP}),
    check=check,
)

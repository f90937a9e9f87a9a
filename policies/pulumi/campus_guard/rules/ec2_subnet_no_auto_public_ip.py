"""CG-EC2-005: subnets do not hand out public IPs automatically."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..rule import ResourceRule, RuleMetadata, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if args.props.get("mapPublicIpOnLaunch") is True:
        yield "mapPublicIpOnLaunch is true: every instance launched here gets a public address"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-EC2-005",
        title="Subnets do not auto-assign public IPs",
        description="Subnets leave mapPublicIpOnLaunch off; NAT gateways and load balancers get addresses explicitly.",
        severity="medium",
        enforcement="advisory",
        remediation="Remove map_public_ip_on_launch=True from the ec2.Subnet.",
        controls=nist("sc-7") + fsbp("EC2.15"),
        properties=("mapPublicIpOnLaunch",),
    ),
    resource_types=frozenset({t.EC2_SUBNET}),
    check=check,
)

"""CG-EKS-005: node groups run in private subnets."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import StackValidationArgs

from .. import aws_types as t
from ..relations import of_type, referred
from ..rule import RuleMetadata, StackRule, cis_eks, nist
from ..subnets import public_reason


def check(args: StackValidationArgs) -> Iterator[tuple[str, str]]:
    for node_group in of_type(args.resources, t.EKS_NODE_GROUP):
        subnets = referred(args.resources, node_group, "subnetIds", t.EC2_SUBNET)
        if not subnets:
            yield node_group.urn, "subnetIds names no Subnet of this stack, so privacy cannot be shown"
        for subnet in subnets:
            reason = public_reason(subnet, args.resources)
            if reason is not None:
                yield node_group.urn, f"subnetIds includes a public subnet: {reason}"


RULE = StackRule(
    meta=RuleMetadata(
        id="CG-EKS-005",
        title="EKS nodes run in private subnets",
        description="Every EKS node group's subnets are private: they neither hand out public IP addresses nor "
        "route the internet to an internet gateway.",
        severity="high",
        enforcement="mandatory",
        remediation="Pass the private subnets' ids as subnet_ids of the eks.NodeGroup.",
        controls=nist("sc-7", "ac-4") + cis_eks("5.4.3"),
        properties=(
            "subnetIds (of NodeGroup)",
            "mapPublicIpOnLaunch (of Subnet)",
            "routes to an InternetGateway (of the subnet's RouteTable)",
        ),
    ),
    subject_types=frozenset({t.EKS_NODE_GROUP}),
    check=check,
)

"""CG-SG-001: no security group opens remote administration ports to 0.0.0.0/0."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from ..ingress import SECURITY_GROUP_TYPES, world_open_admin_ports
from ..rule import ResourceRule, RuleMetadata, cis_aws, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    yield from world_open_admin_ports(args.resource_type, args.props, ipv6=False)


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-SG-001",
        title="No admin ports open to 0.0.0.0/0",
        description="Security groups do not allow ingress from 0.0.0.0/0 to SSH (22), RDP (3389) or WinRM (5985/5986).",
        severity="critical",
        enforcement="mandatory",
        remediation="Reach hosts through SSM Session Manager, or restrict the source to named operator CIDRs.",
        controls=nist("ac-17", "sc-7", "cm-7")
        + fsbp("EC2.19")
        + cis_aws("1.5.0", "5.2")
        + cis_aws("3.0.0", "5.2")
        + cis_aws("5.0.0", "5.3"),
        properties=("ingress[].cidrBlocks / fromPort / toPort", "cidrIpv4 / fromPort / toPort"),
    ),
    resource_types=SECURITY_GROUP_TYPES,
    check=check,
)

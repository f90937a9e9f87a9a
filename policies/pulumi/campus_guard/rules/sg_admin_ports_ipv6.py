"""CG-SG-002: no security group opens remote administration ports to ::/0."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from ..ingress import ADMIN_PORTS, ALL_IPV6, SECURITY_GROUP_TYPES, cidr_keys, ingresses
from ..rule import ResourceRule, RuleMetadata, cis_aws, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    _, ipv6_key = cidr_keys(args.resource_type)
    for ingress in ingresses(args.resource_type, args.props):
        if ALL_IPV6 not in ingress.ipv6:
            continue
        ports = [port for port in ADMIN_PORTS if ingress.covers(port)]
        if ports:
            yield f"{ingress.where}{ipv6_key} {ALL_IPV6} reaches admin port(s) {', '.join(map(str, ports))}"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-SG-002",
        title="No admin ports open to ::/0",
        description="Security groups do not allow ingress from ::/0 to SSH (22), RDP (3389) or WinRM (5985/5986).",
        severity="critical",
        enforcement="mandatory",
        remediation="Reach hosts through SSM Session Manager, or restrict the source to named operator CIDRs.",
        controls=nist("ac-17", "sc-7", "cm-7")
        + fsbp("EC2.19")
        + cis_aws("1.5.0", "5.3")
        + cis_aws("3.0.0", "5.3")
        + cis_aws("5.0.0", "5.4"),
        properties=("ingress[].ipv6CidrBlocks / fromPort / toPort", "cidrIpv6 / fromPort / toPort"),
    ),
    resource_types=SECURITY_GROUP_TYPES,
    check=check,
)

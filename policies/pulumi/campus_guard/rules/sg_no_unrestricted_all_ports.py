"""CG-SG-003: no security group allows all ports from anywhere."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from ..ingress import ALL_IPV4, ALL_IPV6, SECURITY_GROUP_TYPES, ingresses
from ..rule import ResourceRule, RuleMetadata, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    for ingress in ingresses(args.resource_type, args.props):
        open_sources = [c for c in (*ingress.ipv4, *ingress.ipv6) if c in (ALL_IPV4, ALL_IPV6)]
        if ingress.all_ports and open_sources:
            yield f"{ingress.where}protocol {ingress.protocol!r} allows every port from {open_sources[0]}"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-SG-003",
        title="No security group allows all traffic from anywhere",
        description="No ingress permission opens every port (protocol -1 or 0-65535) to 0.0.0.0/0 or ::/0.",
        severity="critical",
        enforcement="mandatory",
        remediation="Open only the service's port, and only to the load balancer's or peer's security group.",
        controls=nist("sc-7", "sc-7.5", "ac-4") + fsbp("EC2.18"),
        properties=("ingress[].protocol / fromPort / toPort", "ipProtocol / fromPort / toPort"),
    ),
    resource_types=SECURITY_GROUP_TYPES,
    check=check,
)

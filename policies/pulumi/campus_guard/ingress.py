"""Ingress permissions of security groups: inline `ingress`, ec2.SecurityGroupRule or vpc.SecurityGroupIngressRule."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from . import aws_types as t
from .props import as_list

# Remote administration ports: SSH, RDP, WinRM over HTTP and HTTPS.
ADMIN_PORTS = (22, 3389, 5985, 5986)
ALL_IPV4 = "0.0.0.0/0"
ALL_IPV6 = "::/0"


@dataclass(frozen=True)
class Ingress:
    where: str
    protocol: str
    from_port: int
    to_port: int
    ipv4: tuple[str, ...]
    ipv6: tuple[str, ...]

    def covers(self, port: int) -> bool:
        if self.protocol in ("-1", "all"):
            return True
        return self.protocol in ("tcp", "6") and self.from_port <= port <= self.to_port

    @property
    def all_ports(self) -> bool:
        return self.protocol in ("-1", "all") or (self.from_port <= 0 and self.to_port >= 65535)


def _port(value: Any, default: int) -> int:
    return default if value is None else int(value)


def ingresses(resource_type: str, props: Mapping[str, Any]) -> Iterator[Ingress]:
    if resource_type == t.VPC_INGRESS_RULE:
        yield Ingress(
            where="",
            protocol=str(props.get("ipProtocol") or "-1").lower(),
            from_port=_port(props.get("fromPort"), 0),
            to_port=_port(props.get("toPort"), 65535),
            ipv4=tuple(as_list(props.get("cidrIpv4"))),
            ipv6=tuple(as_list(props.get("cidrIpv6"))),
        )
        return
    if resource_type == t.EC2_SECURITY_GROUP_RULE:
        if props.get("type") == "ingress":
            yield _classic(props, where="")
        return
    for index, rule in enumerate(as_list(props.get("ingress"))):
        yield _classic(rule, where=f"ingress[{index}].")


def _classic(rule: Mapping[str, Any], where: str) -> Ingress:
    """An inline `ingress` entry of a security group and an ec2.SecurityGroupRule share these property names."""
    return Ingress(
        where=where,
        protocol=str(rule.get("protocol") or "-1").lower(),
        from_port=_port(rule.get("fromPort"), 0),
        to_port=_port(rule.get("toPort"), 65535),
        ipv4=tuple(as_list(rule.get("cidrBlocks"))),
        ipv6=tuple(as_list(rule.get("ipv6CidrBlocks"))),
    )


def cidr_keys(resource_type: str) -> tuple[str, str]:
    """The property names that hold IPv4 / IPv6 sources, for messages."""
    if resource_type == t.VPC_INGRESS_RULE:
        return "cidrIpv4", "cidrIpv6"
    return "cidrBlocks", "ipv6CidrBlocks"


SECURITY_GROUP_TYPES = frozenset({t.EC2_SECURITY_GROUP, t.EC2_SECURITY_GROUP_RULE, t.VPC_INGRESS_RULE})


def world_open_admin_ports(resource_type: str, props: Mapping[str, Any], *, ipv6: bool) -> Iterator[str]:
    """Violations for ingress from the whole IPv4 (or IPv6) internet to a remote administration port."""
    ipv4_key, ipv6_key = cidr_keys(resource_type)
    key, everywhere = (ipv6_key, ALL_IPV6) if ipv6 else (ipv4_key, ALL_IPV4)
    for ingress in ingresses(resource_type, props):
        if everywhere not in (ingress.ipv6 if ipv6 else ingress.ipv4):
            continue
        ports = [port for port in ADMIN_PORTS if ingress.covers(port)]
        if ports:
            yield f"{ingress.where}{key} {everywhere} reaches admin port(s) {', '.join(map(str, ports))}"

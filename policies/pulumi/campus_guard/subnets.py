"""Which subnets are public: they hand out public IPs, or their route table sends the internet to an IGW."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pulumi_policy import PolicyResource

from . import aws_types as t
from .props import as_list
from .relations import of_type, refers_to

DEFAULT_ROUTES = ("0.0.0.0/0", "::/0")


def _to_internet_gateway(route: Any, owner: PolicyResource, resources: Sequence[PolicyResource], prop: str) -> bool:
    destination = route.get("destinationCidrBlock") or route.get("cidrBlock") or route.get("ipv6CidrBlock")
    destination = destination or route.get("destinationIpv6CidrBlock")
    if destination not in DEFAULT_ROUTES:
        return False
    gateway = route.get("gatewayId")
    if isinstance(gateway, str) and gateway.startswith("igw-"):
        return True
    return any(refers_to(owner, prop, igw) for igw in of_type(resources, t.EC2_INTERNET_GATEWAY))


def internet_route_tables(resources: Sequence[PolicyResource]) -> list[PolicyResource]:
    tables = []
    for table in of_type(resources, t.EC2_ROUTE_TABLE):
        inline = any(_to_internet_gateway(r, table, resources, "routes") for r in as_list(table.props.get("routes")))
        routes = [r for r in of_type(resources, t.EC2_ROUTE) if refers_to(r, "routeTableId", table)]
        if inline or any(_to_internet_gateway(r.props, r, resources, "gatewayId") for r in routes):
            tables.append(table)
    return tables


def public_reason(subnet: PolicyResource, resources: Sequence[PolicyResource]) -> str | None:
    if subnet.props.get("mapPublicIpOnLaunch") is True:
        return f"{subnet.name} has mapPublicIpOnLaunch true"
    internet_tables = internet_route_tables(resources)
    for association in of_type(resources, t.EC2_ROUTE_TABLE_ASSOCIATION):
        if not refers_to(association, "subnetId", subnet):
            continue
        tables = [table for table in internet_tables if refers_to(association, "routeTableId", table)]
        if tables:
            return f"{subnet.name} routes the internet through {tables[0].name} to an internet gateway"
    return None

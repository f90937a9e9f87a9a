"""Answers to provider data-source calls (invokes), shaped like the providers' results in camelCase."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from campus.engine.mocks import CampusMocks

DEBIAN_OWNER = "136693071363"


def answer(m: CampusMocks, token: str, args: dict[str, Any]) -> dict[str, Any]:
    handler = _ANSWERS.get(token)
    if handler is not None:
        return handler(m, args)
    digest = m.digest(token, json.dumps(args, sort_keys=True, default=str))
    return {**args, "id": f"{token.rsplit(':', 1)[-1]}-{digest}"}


def _caller(m: CampusMocks, args: dict[str, Any]) -> dict[str, Any]:
    return {"accountId": m.account_id, "arn": f"arn:aws:sts::{m.account_id}:assumed-role/campus-deployer/offline",
            "userId": "AROAOFFLINE:offline", "id": m.account_id}


def _region(m: CampusMocks, args: dict[str, Any]) -> dict[str, Any]:
    return {"name": m.region, "region": m.region, "id": m.region, "endpoint": f"ec2.{m.region}.amazonaws.com",
            "description": m.region}


def _partition(m: CampusMocks, args: dict[str, Any]) -> dict[str, Any]:
    return {"partition": "aws", "dnsSuffix": "amazonaws.com", "reverseDnsPrefix": "com.amazonaws", "id": "aws"}


def _azs(m: CampusMocks, args: dict[str, Any]) -> dict[str, Any]:
    letters = "abcdef"
    return {"names": [f"{m.region}{x}" for x in letters], "zoneIds": [f"use1-az{i + 1}" for i in range(6)],
            "id": m.region, "state": "available"}


def _ami(m: CampusMocks, args: dict[str, Any]) -> dict[str, Any]:
    image = f"ami-{m.digest('ami', json.dumps(args, sort_keys=True, default=str))}"
    return {"id": image, "imageId": image, "name": "debian-12-amd64-20261101-2100", "architecture": "x86_64",
            "ownerId": (args.get("owners") or [DEBIAN_OWNER])[0], "rootDeviceName": "/dev/xvda",
            "virtualizationType": "hvm", "creationDate": "2026-11-01T21:00:00.000Z"}


def _default_vpc(m: CampusMocks, args: dict[str, Any]) -> dict[str, Any]:
    ident = f"vpc-{m.digest('default-vpc')}"
    return {"id": ident, "cidrBlock": "172.31.0.0/16", "default": True, "arn":
            f"arn:aws:ec2:{m.region}:{m.account_id}:vpc/{ident}", "ownerId": m.account_id}


def _subnets(m: CampusMocks, args: dict[str, Any]) -> dict[str, Any]:
    return {"ids": [f"subnet-{m.digest('default-subnet', x)}" for x in "abcdef"], "id": m.region}


def _instance_profile(m: CampusMocks, args: dict[str, Any]) -> dict[str, Any]:
    name = str(args.get("name", ""))
    role = "LabRole" if name == "LabInstanceProfile" else f"{name}-role"
    return {"name": name, "arn": f"arn:aws:iam::{m.account_id}:instance-profile/{name}", "path": "/",
            "roleName": role, "roleArn": f"arn:aws:iam::{m.account_id}:role/{role}", "id": name,
            "roleId": f"AROA{m.digest('role', role).upper()}", "createDate": "2026-01-01T00:00:00Z"}


def _role(m: CampusMocks, args: dict[str, Any]) -> dict[str, Any]:
    name = str(args.get("name", ""))
    return {"name": name, "arn": f"arn:aws:iam::{m.account_id}:role/{name}", "id": name, "path": "/",
            "uniqueId": f"AROA{m.digest('role', name).upper()}"}


def _policy_document(m: CampusMocks, args: dict[str, Any]) -> dict[str, Any]:
    statements = []
    for st in args.get("statements") or []:
        out: dict[str, Any] = {"Effect": st.get("effect", "Allow")}
        if st.get("sid"):
            out["Sid"] = st["sid"]
        for key, wire in (("actions", "Action"), ("notActions", "NotAction"), ("resources", "Resource"),
                          ("notResources", "NotResource")):
            if st.get(key):
                values = sorted(st[key])
                out[wire] = values[0] if len(values) == 1 else values
        for key, wire in (("principals", "Principal"), ("notPrincipals", "NotPrincipal")):
            if st.get(key):
                principal: dict[str, Any] = {}
                for p in st[key]:
                    ids = sorted(p.get("identifiers") or [])
                    principal[p["type"]] = ids[0] if len(ids) == 1 else ids
                out[wire] = principal
        if st.get("conditions"):
            cond: dict[str, Any] = {}
            for c in st["conditions"]:
                values = c.get("values") or []
                cond.setdefault(c["test"], {})[c["variable"]] = values[0] if len(values) == 1 else values
            out["Condition"] = cond
        statements.append(out)
    document = {"Version": "2012-10-17", "Statement": statements}
    return {"json": json.dumps(document, indent=2), "minifiedJson": json.dumps(document, separators=(",", ":")),
            "id": m.digest("policy-doc", json.dumps(document, sort_keys=True))}


_ANSWERS = {
    "aws:index/getCallerIdentity:getCallerIdentity": _caller,
    "aws:index/getRegion:getRegion": _region,
    "aws:index/getPartition:getPartition": _partition,
    "aws:index/getAvailabilityZones:getAvailabilityZones": _azs,
    "aws:ec2/getAmi:getAmi": _ami,
    "aws:ec2/getVpc:getVpc": _default_vpc,
    "aws:ec2/getSubnets:getSubnets": _subnets,
    "aws:iam/getInstanceProfile:getInstanceProfile": _instance_profile,
    "aws:iam/getRole:getRole": _role,
    "aws:iam/getPolicyDocument:getPolicyDocument": _policy_document,
}

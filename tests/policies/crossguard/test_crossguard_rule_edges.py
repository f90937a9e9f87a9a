"""Edge cases of the rules' readings of IAM documents, port ranges and model ARNs, beyond the fixtures."""

from __future__ import annotations

import json
from typing import Any

import pytest

from campus.analyses.crossguard import run_pack
from campus.engine.graph import Graph, ResourceNode

TAGS = {"Project": "campus", "Environment": "dev", "Owner": "o", "CostCenter": "c", "DataClassification": "internal"}


def statuses(rule_id: str, type_: str, inputs: dict[str, Any]) -> list[str]:
    resource = ResourceNode(urn=f"urn:pulumi:dev::campus::{type_}::r", type=type_, name="r", custom=True, inputs=inputs)
    findings = run_pack(Graph(project="campus", stack="dev", resources=[resource]))
    return [f.status for f in findings if f.rule_id == rule_id]


def sg_rule(protocol: str, from_port: int, to_port: int, cidr: str = "0.0.0.0/0") -> dict[str, Any]:
    return {"tags": TAGS, "ipProtocol": protocol, "fromPort": from_port, "toPort": to_port, "cidrIpv4": cidr}


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (sg_rule("tcp", 20, 25), "fail"),  # a range that includes 22
        (sg_rule("-1", 0, 0), "fail"),  # all protocols, all ports
        (sg_rule("6", 3389, 3389), "fail"),  # protocol by number
        (sg_rule("udp", 22, 22), "pass"),  # SSH is TCP
        (sg_rule("tcp", 23, 3388), "pass"),  # between the admin ports
        (sg_rule("tcp", 22, 22, "10.0.0.0/8"), "pass"),  # not the internet
    ],
)
def test_admin_port_reading(inputs: dict[str, Any], expected: str) -> None:
    assert statuses("CG-SG-001", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", inputs) == [expected]


def classic_rule(kind: str, cidrs: dict[str, list[str]]) -> dict[str, Any]:
    return {"type": kind, "protocol": "tcp", "fromPort": 22, "toPort": 22, "securityGroupId": "sg-1", **cidrs}


@pytest.mark.parametrize(
    ("rule_id", "inputs", "expected"),
    [
        ("CG-SG-001", classic_rule("ingress", {"cidrBlocks": ["0.0.0.0/0"]}), "fail"),
        ("CG-SG-002", classic_rule("ingress", {"ipv6CidrBlocks": ["::/0"]}), "fail"),
        ("CG-SG-001", classic_rule("ingress", {"cidrBlocks": ["10.0.0.0/8"]}), "pass"),
        ("CG-SG-001", classic_rule("egress", {"cidrBlocks": ["0.0.0.0/0"]}), "pass"),  # outbound SSH is not ingress
    ],
)
def test_separate_security_group_rules_are_read_like_inline_ones(
    rule_id: str, inputs: dict[str, Any], expected: str
) -> None:
    assert statuses(rule_id, "aws:ec2/securityGroupRule:SecurityGroupRule", inputs) == [expected]


def trust(principal: Any, condition: dict[str, Any] | None = None) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    statement |= {"Condition": condition} if condition else {}
    return {"tags": TAGS, "assumeRolePolicy": json.dumps({"Version": "2012-10-17", "Statement": [statement]})}


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (trust("*"), "fail"),
        (trust({"AWS": ["arn:aws:iam::111122223333:role/ci", "*"]}), "fail"),
        (trust({"AWS": "*"}, {"StringLike": {"aws:PrincipalOrgID": "o-*"}}), "fail"),  # a pattern pins nothing
        (trust({"AWS": "*"}, {"StringEquals": {"aws:SourceAccount": "111122223333"}}), "pass"),
        (trust({"AWS": "arn:aws:iam::111122223333:role/ci"}), "pass"),
    ],
)
def test_trust_principal_reading(inputs: dict[str, Any], expected: str) -> None:
    assert statuses("CG-IAM-007", "aws:iam/role:Role", inputs) == [expected]


def policy(statement: Any) -> dict[str, Any]:
    return {"tags": TAGS, "policy": json.dumps({"Version": "2012-10-17", "Statement": statement})}


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ({"Effect": "Allow", "Action": "*", "Resource": "*"}, "fail"),  # a single statement, not a list
        ([{"Effect": "Allow", "Action": ["*:*"], "Resource": ["*"]}], "fail"),
        ([{"Effect": "Deny", "Action": "*", "Resource": "*"}], "pass"),  # denying everything grants nothing
        ([{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}], "pass"),  # CG-IAM-002/003 territory
    ],
)
def test_admin_statement_reading(statement: Any, expected: str) -> None:
    assert statuses("CG-IAM-001", "aws:iam/policy:Policy", policy(statement)) == [expected]


def test_allow_listed_wildcard_actions_match_patterns_case_insensitively() -> None:
    allowed = [{"Effect": "Allow", "Action": ["ec2:DescribeInstances", "ECR:GetAuthorizationToken"], "Resource": "*"}]
    mixed = [{"Effect": "Allow", "Action": ["ec2:DescribeInstances", "ec2:TerminateInstances"], "Resource": "*"}]
    assert statuses("CG-IAM-003", "aws:iam/policy:Policy", policy(allowed)) == ["pass"]
    assert statuses("CG-IAM-003", "aws:iam/policy:Policy", policy(mixed)) == ["fail"]


def test_role_inline_policies_are_permission_documents() -> None:
    trust = json.dumps(
        {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    )
    inline = {
        "name": "all",
        "policy": json.dumps({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}),
    }
    inputs = {"tags": TAGS, "assumeRolePolicy": trust, "inlinePolicies": [inline]}
    assert statuses("CG-IAM-002", "aws:iam/role:Role", inputs) == ["fail"]
    # A service-trusted role is no IRSA role: the OIDC trust rule does not apply.
    assert statuses("CG-IAM-005", "aws:iam/role:Role", inputs) == []


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        ("arn:aws:bedrock:us-east-1::foundation-model/anthropic.*", "fail"),
        ("arn:aws:bedrock:*::foundation-model/*", "fail"),
        ("arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.amazon.nova-lite-v1:0", "pass"),
    ],
)
def test_bedrock_model_scoping(resource: str, expected: str) -> None:
    statement = [{"Effect": "Allow", "Action": "bedrock:Invoke*", "Resource": resource}]
    assert statuses("CG-BR-001", "aws:iam/policy:Policy", policy(statement)) == [expected]


def test_kafka_defaults_apply_when_server_properties_omit_a_setting() -> None:
    cluster = ResourceNode(
        urn="urn:pulumi:dev::campus::aws:msk/cluster:Cluster::events",
        type="aws:msk/cluster:Cluster",
        name="events",
        custom=True,
        inputs={"tags": {**TAGS, "Environment": "prod"}, "configurationInfo": {"arn": "cfg-arn"}},
    )
    configuration = ResourceNode(
        urn="urn:pulumi:dev::campus::aws:msk/configuration:Configuration::cfg",
        type="aws:msk/configuration:Configuration",
        name="cfg",
        custom=True,
        inputs={"serverProperties": "min.insync.replicas=2\n"},
        outputs={"arn": "cfg-arn"},
    )
    findings = run_pack(Graph(project="campus", stack="dev", resources=[cluster, configuration]))
    messages = [f.message for f in findings if f.rule_id == "CG-MSK-006"]
    assert messages == ["cfg: serverProperties default.replication.factor=1, prod needs 3"]


def _resource(type_: str, name: str, inputs: dict[str, Any], **extra: Any) -> ResourceNode:
    return ResourceNode(
        urn=f"urn:pulumi:dev::campus::{type_}::{name}", type=type_, name=name, custom=True, inputs=inputs, **extra
    )


@pytest.mark.parametrize(
    ("subnet_inputs", "table_routes", "expected"),
    [
        ({"mapPublicIpOnLaunch": True}, [], "fail"),
        ({}, [{"cidrBlock": "0.0.0.0/0", "gatewayId": "igw-0abc"}], "fail"),  # inline route to the IGW
        ({}, [{"cidrBlock": "0.0.0.0/0", "natGatewayId": "nat-0abc"}], "pass"),  # egress through NAT is private
    ],
)
def test_node_subnets_are_private_by_address_and_by_route(
    subnet_inputs: dict[str, Any], table_routes: list[dict[str, Any]], expected: str
) -> None:
    subnet = _resource("aws:ec2/subnet:Subnet", "nodes-a", {"tags": TAGS, **subnet_inputs}, outputs={"id": "subnet-a"})
    table = _resource(
        "aws:ec2/routeTable:RouteTable", "rt", {"tags": TAGS, "routes": table_routes}, outputs={"id": "rtb"}
    )
    association = _resource(
        "aws:ec2/routeTableAssociation:RouteTableAssociation", "rta", {"subnetId": "subnet-a", "routeTableId": "rtb"}
    )
    node_group = _resource("aws:eks/nodeGroup:NodeGroup", "ng", {"tags": TAGS, "subnetIds": ["subnet-a"]})
    findings = run_pack(Graph(project="campus", stack="dev", resources=[subnet, table, association, node_group]))
    assert [f.status for f in findings if f.rule_id == "CG-EKS-005"] == [expected]

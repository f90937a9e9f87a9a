"""What the AWS provider computes on create, per resource type (ids, ARNs, endpoints)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from campus.engine.mocks import CampusMocks

Computed = tuple[str, dict[str, Any]]
_HANDLERS: dict[str, Callable[[CampusMocks, str, dict[str, Any]], Computed]] = {}


def handles(*types: str) -> Callable[[Callable[[CampusMocks, str, dict[str, Any]], Computed]],
                                     Callable[[CampusMocks, str, dict[str, Any]], Computed]]:
    def register(fn: Callable[[CampusMocks, str, dict[str, Any]], Computed]) -> Callable[..., Computed]:
        for typ in types:
            _HANDLERS[typ] = fn
        return fn
    return register


def _service(typ: str) -> str:
    return typ.split(":")[1].split("/")[0]


def _physical_name(m: CampusMocks, name: str, inputs: dict[str, Any], *keys: str) -> str:
    for key in keys:
        if isinstance(inputs.get(key), str) and inputs[key]:
            return str(inputs[key])
    for key in ("namePrefix", "bucketPrefix"):
        if isinstance(inputs.get(key), str):
            return f"{inputs[key]}{m.digest(name, length=8)}"
    return f"{name}-{m.digest(name, length=7)}"


def compute(m: CampusMocks, typ: str, name: str, inputs: dict[str, Any]) -> Computed:
    handler = _HANDLERS.get(typ)
    if handler is not None:
        return handler(m, name, inputs)
    service = _service(typ)
    ident = _physical_name(m, name, inputs, "name")
    return ident, {"arn": f"arn:aws:{service}:{m.region}:{m.account_id}:{typ.split(':')[-1].lower()}/{ident}"}


def _ec2(prefix: str, kind: str) -> Callable[[CampusMocks, str, dict[str, Any]], Computed]:
    def handler(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
        ident = f"{prefix}-{m.digest(kind, name)}"
        return ident, {"arn": f"arn:aws:ec2:{m.region}:{m.account_id}:{kind}/{ident}", "ownerId": m.account_id}
    return handler


for _typ, _prefix, _kind in (
    ("aws:ec2/subnet:Subnet", "subnet", "subnet"),
    ("aws:ec2/internetGateway:InternetGateway", "igw", "internet-gateway"),
    ("aws:ec2/natGateway:NatGateway", "nat", "natgateway"),
    ("aws:ec2/routeTable:RouteTable", "rtb", "route-table"),
    ("aws:ec2/securityGroup:SecurityGroup", "sg", "security-group"),
    ("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "sg", "security-group"),
    ("aws:ec2/vpcEndpoint:VpcEndpoint", "vpce", "vpc-endpoint"),
    ("aws:ec2/flowLog:FlowLog", "fl", "vpc-flow-log"),
    ("aws:ec2/routeTableAssociation:RouteTableAssociation", "rtbassoc", "route-table-association"),
    ("aws:ec2/route:Route", "r", "route"),
    ("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "sgr", "security-group-rule"),
    ("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "sgr", "security-group-rule"),
):
    _HANDLERS[_typ] = _ec2(_prefix, _kind)


@handles("aws:ec2/vpc:Vpc")
def _vpc(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    ident = f"vpc-{m.digest('vpc', name)}"
    return ident, {
        "arn": f"arn:aws:ec2:{m.region}:{m.account_id}:vpc/{ident}",
        "defaultSecurityGroupId": f"sg-{m.digest('default-sg', name)}",
        "mainRouteTableId": f"rtb-{m.digest('main-rtb', name)}",
        "defaultNetworkAclId": f"acl-{m.digest('acl', name)}",
        "ownerId": m.account_id,
    }


@handles("aws:ec2/eip:Eip")
def _eip(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    ident = f"eipalloc-{m.digest('eip', name)}"
    octet = int(m.digest("eip-ip", name, length=2), 16) % 254 + 1
    return ident, {"allocationId": ident, "publicIp": f"203.0.113.{octet}", "domain": "vpc",
                   "arn": f"arn:aws:ec2:{m.region}:{m.account_id}:elastic-ip/{ident}"}


@handles("aws:ec2/launchTemplate:LaunchTemplate")
def _launch_template(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    ident = f"lt-{m.digest('lt', name)}"
    return ident, {"arn": f"arn:aws:ec2:{m.region}:{m.account_id}:launch-template/{ident}",
                   "latestVersion": 1, "defaultVersion": 1}


@handles("aws:ec2/instance:Instance")
def _instance(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    ident = f"i-{m.digest('instance', name)}"
    octet = int(m.digest("ip", name, length=2), 16) % 254 + 1
    public_ip = f"198.51.100.{octet}" if inputs.get("associatePublicIpAddress", True) else ""
    return ident, {
        "arn": f"arn:aws:ec2:{m.region}:{m.account_id}:instance/{ident}",
        "privateIp": f"172.31.16.{octet}",
        "publicIp": public_ip,
        "publicDns": f"ec2-{public_ip.replace('.', '-')}.compute-1.amazonaws.com" if public_ip else "",
        "instanceState": "running",
        "availabilityZone": inputs.get("availabilityZone") or f"{m.region}a",
        "primaryNetworkInterfaceId": f"eni-{m.digest('eni', name)}",
    }


@handles("aws:s3/bucket:Bucket")
def _bucket(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    bucket = _physical_name(m, name, inputs, "bucket")
    return bucket, {
        "bucket": bucket,
        "arn": f"arn:aws:s3:::{bucket}",
        "bucketDomainName": f"{bucket}.s3.amazonaws.com",
        "bucketRegionalDomainName": f"{bucket}.s3.{m.region}.amazonaws.com",
        "region": m.region,
        "hostedZoneId": "Z3AQBSTGFYJSTF",
    }


@handles("aws:iam/role:Role")
def _role(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    role = _physical_name(m, name, inputs, "name")
    path = inputs.get("path") or "/"
    return role, {"name": role, "arn": f"arn:aws:iam::{m.account_id}:role{path}{role}",
                  "uniqueId": f"AROA{m.digest('role', name).upper()}"}


@handles("aws:iam/policy:Policy")
def _policy(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    policy = _physical_name(m, name, inputs, "name")
    arn = f"arn:aws:iam::{m.account_id}:policy{inputs.get('path') or '/'}{policy}"
    return arn, {"name": policy, "arn": arn, "policyId": f"ANPA{m.digest('policy', name).upper()}"}


@handles("aws:iam/openIdConnectProvider:OpenIdConnectProvider")
def _oidc(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    url = str(inputs.get("url", "")).removeprefix("https://")
    arn = f"arn:aws:iam::{m.account_id}:oidc-provider/{url}"
    return arn, {"arn": arn}


@handles("aws:iam/instanceProfile:InstanceProfile")
def _instance_profile(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    profile = _physical_name(m, name, inputs, "name")
    return profile, {"name": profile, "arn": f"arn:aws:iam::{m.account_id}:instance-profile/{profile}"}


@handles("aws:kms/key:Key")
def _kms_key(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    key_id = m.uuid("kms", name)
    return key_id, {"keyId": key_id, "arn": f"arn:aws:kms:{m.region}:{m.account_id}:key/{key_id}"}


@handles("aws:kms/alias:Alias")
def _kms_alias(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    alias = str(inputs.get("name") or f"alias/{name}")
    return alias, {"arn": f"arn:aws:kms:{m.region}:{m.account_id}:{alias}", "targetKeyArn": inputs.get("targetKeyId")}


@handles("aws:cloudwatch/logGroup:LogGroup")
def _log_group(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    group = _physical_name(m, name, inputs, "name")
    return group, {"name": group, "arn": f"arn:aws:logs:{m.region}:{m.account_id}:log-group:{group}"}


@handles("aws:dynamodb/table:Table")
def _table(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    table = _physical_name(m, name, inputs, "name")
    arn = f"arn:aws:dynamodb:{m.region}:{m.account_id}:table/{table}"
    out: dict[str, Any] = {"name": table, "arn": arn}
    if inputs.get("streamEnabled"):
        out["streamArn"] = f"{arn}/stream/2026-01-01T00:00:00.000"
        out["streamLabel"] = "2026-01-01T00:00:00.000"
    return table, out


@handles("aws:ecr/repository:Repository")
def _ecr(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    repo = _physical_name(m, name, inputs, "name")
    return repo, {"name": repo, "arn": f"arn:aws:ecr:{m.region}:{m.account_id}:repository/{repo}",
                  "registryId": m.account_id,
                  "repositoryUrl": f"{m.account_id}.dkr.ecr.{m.region}.amazonaws.com/{repo}"}


@handles("aws:eks/cluster:Cluster")
def _eks(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    cluster = _physical_name(m, name, inputs, "name")
    oidc_id = m.digest("oidc", name, length=32).upper()
    ca = base64.b64encode(f"campus offline CA for {cluster}".encode()).decode()
    return cluster, {
        "name": cluster,
        "arn": f"arn:aws:eks:{m.region}:{m.account_id}:cluster/{cluster}",
        "endpoint": f"https://{oidc_id}.gr7.{m.region}.eks.amazonaws.com",
        "certificateAuthority": {"data": ca},
        "identities": [{"oidcs": [{"issuer": f"https://oidc.eks.{m.region}.amazonaws.com/id/{oidc_id}"}]}],
        "clusterId": m.uuid("eks", name),
        "status": "ACTIVE",
        "platformVersion": "eks.1",
        "vpcConfig": {**(inputs.get("vpcConfig") or {}),
                      "clusterSecurityGroupId": f"sg-{m.digest('eks-cluster-sg', name)}",
                      "vpcId": f"vpc-{m.digest('vpc', 'lookup')}"},
    }


@handles("aws:eks/nodeGroup:NodeGroup")
def _node_group(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    group = _physical_name(m, name, inputs, "nodeGroupName")
    cluster = inputs.get("clusterName", "cluster")
    return f"{cluster}:{group}", {
        "nodeGroupName": group,
        "arn": f"arn:aws:eks:{m.region}:{m.account_id}:nodegroup/{cluster}/{group}/{m.uuid('ng', name)}",
        "status": "ACTIVE",
    }


@handles("aws:msk/cluster:Cluster")
def _msk(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    cluster = _physical_name(m, name, inputs, "clusterName")
    brokers = int(inputs.get("numberOfBrokerNodes") or 3)
    host = m.digest("msk", name, length=6)

    def broker_list(port: int) -> str:
        hosts = (f"b-{i}.{cluster}.{host}.c2.kafka.{m.region}.amazonaws.com:{port}" for i in range(1, brokers + 1))
        return ",".join(hosts)

    return f"arn:aws:kafka:{m.region}:{m.account_id}:cluster/{cluster}/{m.uuid('msk', name)}", {
        "arn": f"arn:aws:kafka:{m.region}:{m.account_id}:cluster/{cluster}/{m.uuid('msk', name)}",
        "bootstrapBrokersSaslIam": broker_list(9098),
        "bootstrapBrokersTls": broker_list(9094),
        "zookeeperConnectStringTls": f"z-1.{cluster}.{host}.c2.kafka.{m.region}.amazonaws.com:2182",
        "clusterUuid": m.uuid("msk-uuid", name),
        "currentVersion": "K3AEGXETSR30VB",
    }


@handles("aws:msk/configuration:Configuration")
def _msk_configuration(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    arn = f"arn:aws:kafka:{m.region}:{m.account_id}:configuration/{inputs.get('name', name)}/{m.uuid('mskc', name)}"
    return arn, {"arn": arn, "latestRevision": 1}


@handles("aws:rds/cluster:Cluster")
def _rds_cluster(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    ident = _physical_name(m, name, inputs, "clusterIdentifier")
    host = m.digest("rds", name, length=12)
    out: dict[str, Any] = {
        "clusterIdentifier": ident,
        "arn": f"arn:aws:rds:{m.region}:{m.account_id}:cluster:{ident}",
        "endpoint": f"{ident}.cluster-{host}.{m.region}.rds.amazonaws.com",
        "readerEndpoint": f"{ident}.cluster-ro-{host}.{m.region}.rds.amazonaws.com",
        "port": inputs.get("port") or 5432,
        "clusterResourceId": f"cluster-{m.digest('rds-res', name, length=26).upper()}",
        "hostedZoneId": "Z2R2ITUGPM61AM",
    }
    if inputs.get("manageMasterUserPassword"):
        secret = f"rds!cluster-{m.uuid('rds-secret', name)}-{m.digest('s', name, length=6)}"
        out["masterUserSecrets"] = [{
            "secretArn": f"arn:aws:secretsmanager:{m.region}:{m.account_id}:secret:{secret}",
            "kmsKeyId": inputs.get("masterUserSecretKmsKeyId") or "alias/aws/secretsmanager",
            "secretStatus": "active",
        }]
    return ident, out


@handles("aws:rds/clusterInstance:ClusterInstance")
def _rds_instance(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    ident = _physical_name(m, name, inputs, "identifier")
    return ident, {"identifier": ident, "arn": f"arn:aws:rds:{m.region}:{m.account_id}:db:{ident}",
                   "endpoint": f"{ident}.{m.digest('rdsi', name, length=12)}.{m.region}.rds.amazonaws.com",
                   "port": 5432, "writer": False}


@handles("aws:secretsmanager/secret:Secret")
def _secret(m: CampusMocks, name: str, inputs: dict[str, Any]) -> Computed:
    secret = _physical_name(m, name, inputs, "name")
    arn = f"arn:aws:secretsmanager:{m.region}:{m.account_id}:secret:{secret}-{m.digest('s', name, length=6)}"
    return arn, {"arn": arn}

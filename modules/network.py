"""The VPC: public, private and isolated subnets per AZ, NAT per AZ or single, flow logs and VPC endpoints."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from campus.config.model import NetworkConfig
from modules.policy_documents import document, statement, to_json


@dataclass(frozen=True)
class NetworkArgs:
    name_prefix: str
    config: NetworkConfig
    region: str
    account_id: pulumi.Input[str]
    logs_key_arn: pulumi.Input[str]
    cluster_name: str
    tags: dict[str, str]


class Network(pulumi.ComponentResource):
    vpc: aws.ec2.Vpc
    public_subnets: list[aws.ec2.Subnet]
    private_subnets: list[aws.ec2.Subnet]
    isolated_subnets: list[aws.ec2.Subnet]

    def __init__(self, name: str, args: NetworkArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("campus:network:Network", name, None, opts)
        cfg = args.config
        child = pulumi.ResourceOptions(parent=self)
        self._args = args
        self.vpc = aws.ec2.Vpc(
            f"{name}-vpc", cidr_block=cfg.cidr, enable_dns_hostnames=True, enable_dns_support=True,
            tags=self._tags(f"{args.name_prefix}-vpc"), opts=child)
        # The default security group allows all traffic between its members: strip every rule from it.
        aws.ec2.DefaultSecurityGroup(
            f"{name}-default-sg", vpc_id=self.vpc.id, ingress=[], egress=[],
            tags=self._tags(f"{args.name_prefix}-default-locked"), opts=child)
        igw = aws.ec2.InternetGateway(
            f"{name}-igw", vpc_id=self.vpc.id, tags=self._tags(f"{args.name_prefix}-igw"), opts=child)

        layout = cfg.layout()
        cluster_tag = {f"kubernetes.io/cluster/{args.cluster_name}": "shared"}
        self.public_subnets, self.private_subnets, self.isolated_subnets = [], [], []
        for index, az in enumerate(cfg.availability_zones):
            self.public_subnets.append(self._subnet(name, "public", az, layout.public[index],
                                                    {"kubernetes.io/role/elb": "1", **cluster_tag}))
            self.private_subnets.append(self._subnet(name, "private", az, layout.private[index],
                                                     {"kubernetes.io/role/internal-elb": "1", **cluster_tag}))
            self.isolated_subnets.append(self._subnet(name, "isolated", az, layout.isolated[index], {}))

        public_rt = aws.ec2.RouteTable(f"{name}-public-rt", vpc_id=self.vpc.id,
                                       tags=self._tags(f"{args.name_prefix}-public"), opts=child)
        aws.ec2.Route(f"{name}-public-default", route_table_id=public_rt.id, destination_cidr_block="0.0.0.0/0",
                      gateway_id=igw.id, opts=child)
        for subnet, az in zip(self.public_subnets, cfg.availability_zones, strict=True):
            aws.ec2.RouteTableAssociation(f"{name}-public-{az}", subnet_id=subnet.id, route_table_id=public_rt.id,
                                          opts=child)

        nat_azs = cfg.availability_zones if cfg.nat_gateways == "perAz" else cfg.availability_zones[:1]
        nats = {}
        for az, subnet in zip(cfg.availability_zones, self.public_subnets, strict=True):
            if az not in nat_azs:
                continue
            eip = aws.ec2.Eip(f"{name}-nat-{az}", domain="vpc", tags=self._tags(f"{args.name_prefix}-nat-{az}"),
                              opts=child)
            nats[az] = aws.ec2.NatGateway(
                f"{name}-nat-{az}", allocation_id=eip.id, subnet_id=subnet.id, connectivity_type="public",
                tags=self._tags(f"{args.name_prefix}-nat-{az}"),
                opts=pulumi.ResourceOptions(parent=self, depends_on=[igw]))

        private_rts = []
        for az, subnet in zip(cfg.availability_zones, self.private_subnets, strict=True):
            rt = aws.ec2.RouteTable(f"{name}-private-rt-{az}", vpc_id=self.vpc.id,
                                    tags=self._tags(f"{args.name_prefix}-private-{az}"), opts=child)
            nat = nats.get(az) or nats[nat_azs[0]]
            aws.ec2.Route(f"{name}-private-default-{az}", route_table_id=rt.id, destination_cidr_block="0.0.0.0/0",
                          nat_gateway_id=nat.id, opts=child)
            aws.ec2.RouteTableAssociation(f"{name}-private-{az}", subnet_id=subnet.id, route_table_id=rt.id,
                                          opts=child)
            private_rts.append(rt)

        # Isolated subnets (databases) have no route out of the VPC at all.
        isolated_rt = aws.ec2.RouteTable(f"{name}-isolated-rt", vpc_id=self.vpc.id,
                                         tags=self._tags(f"{args.name_prefix}-isolated"), opts=child)
        for subnet, az in zip(self.isolated_subnets, cfg.availability_zones, strict=True):
            aws.ec2.RouteTableAssociation(f"{name}-isolated-{az}", subnet_id=subnet.id,
                                          route_table_id=isolated_rt.id, opts=child)

        self._flow_logs(name)
        route_tables = [rt.id for rt in [*private_rts, isolated_rt]]
        for service in ("s3", "dynamodb"):
            aws.ec2.VpcEndpoint(
                f"{name}-{service}-gateway", vpc_id=self.vpc.id, vpc_endpoint_type="Gateway",
                service_name=f"com.amazonaws.{args.region}.{service}", route_table_ids=route_tables,
                tags=self._tags(f"{args.name_prefix}-{service}"), opts=child)
        self.endpoint_security_group = self._interface_endpoints(name)

        self.register_outputs({
            "vpcId": self.vpc.id,
            "publicSubnetIds": [s.id for s in self.public_subnets],
            "privateSubnetIds": [s.id for s in self.private_subnets],
            "isolatedSubnetIds": [s.id for s in self.isolated_subnets],
        })

    def _tags(self, name: str, **extra: str) -> dict[str, str]:
        return {**self._args.tags, "Name": name, **extra}

    def _subnet(self, name: str, tier: str, az: str, cidr: str, extra: dict[str, str]) -> aws.ec2.Subnet:
        return aws.ec2.Subnet(
            f"{name}-{tier}-{az}", vpc_id=self.vpc.id, cidr_block=cidr, availability_zone=az,
            map_public_ip_on_launch=False,
            tags=self._tags(f"{self._args.name_prefix}-{tier}-{az}", Tier=tier, **extra),
            opts=pulumi.ResourceOptions(parent=self))

    def _flow_logs(self, name: str) -> None:
        args = self._args
        child = pulumi.ResourceOptions(parent=self)
        group = aws.cloudwatch.LogGroup(
            f"{name}-flow-logs", name=f"/campus/{args.name_prefix}/vpc-flow-logs",
            retention_in_days=args.config.flow_log_retention_days, kms_key_id=args.logs_key_arn,
            tags=self._tags(f"{args.name_prefix}-flow-logs"), opts=child)
        role = aws.iam.Role(
            f"{name}-flow-logs-role", name=f"{args.name_prefix}-vpc-flow-logs",
            description="Lets VPC Flow Logs deliver to its log group",
            assume_role_policy=to_json(document(statement(
                "Allow", ["sts:AssumeRole"], principal={"Service": "vpc-flow-logs.amazonaws.com"},
                condition={"StringEquals": {"aws:SourceAccount": args.account_id}}))),
            tags=self._tags(f"{args.name_prefix}-vpc-flow-logs"), opts=child)
        aws.iam.RolePolicy(
            f"{name}-flow-logs-delivery", role=role.id,
            policy=to_json(document(statement(
                "Allow", ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                [group.arn, pulumi.Output.concat(group.arn, ":*")]))),
            opts=child)
        aws.ec2.FlowLog(
            f"{name}-flow-log", vpc_id=self.vpc.id, traffic_type="ALL", log_destination_type="cloud-watch-logs",
            log_destination=group.arn, iam_role_arn=role.arn, max_aggregation_interval=60,
            tags=self._tags(f"{args.name_prefix}-flow-log"), opts=child)

    def _interface_endpoints(self, name: str) -> aws.ec2.SecurityGroup | None:
        args = self._args
        if not args.config.interface_endpoints:
            return None
        child = pulumi.ResourceOptions(parent=self)
        sg = aws.ec2.SecurityGroup(
            f"{name}-endpoints-sg", vpc_id=self.vpc.id, description="HTTPS from inside the VPC to interface endpoints",
            tags=self._tags(f"{args.name_prefix}-endpoints"), opts=child)
        aws.vpc.SecurityGroupIngressRule(
            f"{name}-endpoints-https", security_group_id=sg.id, ip_protocol="tcp", from_port=443, to_port=443,
            cidr_ipv4=args.config.cidr, description="HTTPS from the VPC", opts=child)
        for service in args.config.interface_endpoints:
            aws.ec2.VpcEndpoint(
                f"{name}-{service.replace('.', '-')}-endpoint", vpc_id=self.vpc.id, vpc_endpoint_type="Interface",
                service_name=f"com.amazonaws.{args.region}.{service}", private_dns_enabled=True,
                subnet_ids=[s.id for s in self.private_subnets], security_group_ids=[sg.id],
                tags=self._tags(f"{args.name_prefix}-{service}"), opts=child)
        return sg

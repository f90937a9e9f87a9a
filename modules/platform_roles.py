"""IRSA roles of the platform's own workloads — cluster add-ons and the topic Job — each with the narrowest policy
its job allows. Statements on Resource "*" hold only actions that have no resource-level permissions (see
policies/pulumi/campus_guard/data/wildcard-resource-actions.yaml) or create a new ARN under a tag condition."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from modules.cluster import Cluster
from modules.kafka import Kafka
from modules.policy_documents import document, statement, to_json

LBC_TAG = "elbv2.k8s.aws/cluster"
DISCOVER_EC2 = [f"ec2:Describe{what}" for what in (
    "AccountAttributes", "Addresses", "AvailabilityZones", "InternetGateways", "Vpcs", "Subnets", "SecurityGroups",
    "Instances", "NetworkInterfaces", "Tags", "RouteTables")]
DISCOVER_ELB = [f"elasticloadbalancing:Describe{what}" for what in (
    "LoadBalancers", "LoadBalancerAttributes", "Listeners", "ListenerCertificates", "Rules", "TargetGroups",
    "TargetGroupAttributes", "TargetHealth", "Tags", "SSLPolicies")]


@dataclass(frozen=True)
class Workload:
    namespace: str
    service_account: str


WORKLOADS = {
    "aws-load-balancer-controller": Workload("kube-system", "aws-load-balancer-controller"),
    "cluster-autoscaler": Workload("kube-system", "cluster-autoscaler"),
    "external-secrets": Workload("external-secrets", "external-secrets"),
    "otel-collector": Workload("observability", "otel-collector"),
    "kafka-topics": Workload("campus", "kafka-topics"),
}


@dataclass(frozen=True)
class PlatformRolesArgs:
    name_prefix: str
    region: str
    account_id: pulumi.Input[str]
    cluster: Cluster
    vpc_id: pulumi.Input[str]
    kafka: Kafka
    topics: list[str]
    db_secret_arn: pulumi.Input[str]
    db_key_arn: pulumi.Input[str]
    tags: dict[str, str]


def _arn(service: str, args: PlatformRolesArgs, resource: str) -> pulumi.Output[str]:
    return pulumi.Output.concat(f"arn:aws:{service}:{args.region}:", args.account_id, f":{resource}")


def load_balancer_controller(args: PlatformRolesArgs) -> list[dict[str, Any]]:
    tagged = {"Null": {f"aws:ResourceTag/{LBC_TAG}": "false"}}
    elb = [_arn("elasticloadbalancing", args, r) for r in (
        "loadbalancer/app/*/*", "loadbalancer/net/*/*", "targetgroup/*/*", "listener/app/*/*/*",
        "listener/net/*/*/*", "listener-rule/app/*/*/*/*", "listener-rule/net/*/*/*/*")]
    security_groups = _arn("ec2", args, "security-group/*")
    return [
        statement("Allow", [*DISCOVER_EC2, *DISCOVER_ELB, "acm:ListCertificates"], "*", sid="Discover"),
        statement("Allow", ["acm:DescribeCertificate"], _arn("acm", args, "certificate/*"), sid="ReadCertificates"),
        statement("Allow", ["iam:CreateServiceLinkedRole"],
                  "arn:aws:iam::*:role/aws-service-role/elasticloadbalancing.amazonaws.com/*",
                  sid="ElbServiceLinkedRole",
                  condition={"StringEquals": {"iam:AWSServiceName": "elasticloadbalancing.amazonaws.com"}}),
        statement("Allow", ["ec2:CreateSecurityGroup"],
                  [pulumi.Output.concat(f"arn:aws:ec2:{args.region}:", args.account_id, ":vpc/", args.vpc_id),
                   security_groups], sid="CreateSecurityGroups"),
        statement("Allow", ["ec2:CreateTags"], security_groups, sid="TagNewSecurityGroups",
                  condition={"StringEquals": {"ec2:CreateAction": "CreateSecurityGroup"}}),
        statement("Allow", ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress",
                            "ec2:DeleteSecurityGroup", "ec2:CreateTags", "ec2:DeleteTags"], security_groups,
                  sid="ManageOwnSecurityGroups", condition=tagged),
        statement("Allow", ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
                  elb[:3], sid="CreateTaggedLoadBalancers", condition={"Null": {f"aws:RequestTag/{LBC_TAG}": "false"}}),
        statement("Allow", ["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener",
                            "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule",
                            "elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyRule",
                            "elasticloadbalancing:AddListenerCertificates",
                            "elasticloadbalancing:RemoveListenerCertificates", "elasticloadbalancing:AddTags",
                            "elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], elb,
                  sid="Listeners"),
        statement("Allow", ["elasticloadbalancing:ModifyLoadBalancerAttributes",
                            "elasticloadbalancing:SetIpAddressType",
                            "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets",
                            "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyTargetGroup",
                            "elasticloadbalancing:ModifyTargetGroupAttributes",
                            "elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:RemoveTags"], elb,
                  sid="ManageOwnLoadBalancers", condition=tagged),
    ]


def cluster_autoscaler(args: PlatformRolesArgs) -> list[dict[str, Any]]:
    owned = pulumi.Output.concat("aws:ResourceTag/k8s.io/cluster-autoscaler/", args.cluster.cluster.name)
    return [
        statement("Allow", ["autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances",
                            "autoscaling:DescribeLaunchConfigurations", "autoscaling:DescribeScalingActivities",
                            "autoscaling:DescribeTags", "ec2:DescribeImages", "ec2:DescribeInstanceTypes",
                            "ec2:DescribeLaunchTemplateVersions"], "*", sid="Discover"),
        statement("Allow", ["eks:DescribeNodegroup"], pulumi.Output.concat(
            f"arn:aws:eks:{args.region}:", args.account_id, ":nodegroup/", args.cluster.cluster.name, "/*/*"),
            sid="DescribeOwnNodegroups"),
        statement("Allow", ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                  _arn("autoscaling", args, "autoScalingGroup:*:autoScalingGroupName/*"), sid="ScaleOwnGroups",
                  condition={"StringEquals": owned.apply(lambda key: {key: "owned"})}),
    ]


def external_secrets(args: PlatformRolesArgs) -> list[dict[str, Any]]:
    return [
        statement("Allow", ["secretsmanager:ListSecrets"], "*", sid="FindSecretsByTag"),
        statement("Allow", ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], args.db_secret_arn,
                  sid="ReadDatabaseSecret"),
        statement("Allow", ["kms:Decrypt"], args.db_key_arn, sid="DecryptDatabaseSecret",
                  condition={"StringEquals": {"kms:ViaService": f"secretsmanager.{args.region}.amazonaws.com"}}),
    ]


def otel_collector(args: PlatformRolesArgs) -> list[dict[str, Any]]:
    return [
        statement("Allow", ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster",
                            "kafka-cluster:DescribeClusterDynamicConfiguration"], args.kafka.cluster.arn,
                  sid="KafkaConnect"),
        statement("Allow", ["kafka-cluster:DescribeTopic", "kafka-cluster:DescribeGroup"],
                  [args.kafka.topic_arn("*"), args.kafka.group_arn("*")], sid="ReadConsumerLag"),
    ]


def kafka_topics(args: PlatformRolesArgs) -> list[dict[str, Any]]:
    return [
        statement("Allow", ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"], args.kafka.cluster.arn,
                  sid="KafkaConnect"),
        statement("Allow", ["kafka-cluster:CreateTopic", "kafka-cluster:DescribeTopic",
                            "kafka-cluster:AlterTopicDynamicConfiguration",
                            "kafka-cluster:DescribeTopicDynamicConfiguration"],
                  [args.kafka.topic_arn(t) for t in sorted(args.topics)], sid="ApplyTopicCatalog"),
    ]


POLICIES = {"aws-load-balancer-controller": load_balancer_controller, "cluster-autoscaler": cluster_autoscaler,
            "external-secrets": external_secrets, "otel-collector": otel_collector, "kafka-topics": kafka_topics}


class PlatformRoles(pulumi.ComponentResource):
    roles: dict[str, aws.iam.Role]

    def __init__(self, name: str, args: PlatformRolesArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("campus:irsa:PlatformRoles", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.roles = {}
        for workload, where in WORKLOADS.items():
            role = aws.iam.Role(
                f"{name}-{workload}", name=f"{args.name_prefix}-{workload}",
                description=f"IRSA role of {where.namespace}/{where.service_account}",
                assume_role_policy=args.cluster.irsa_trust(where.namespace, where.service_account),
                tags={**args.tags, "Name": f"{args.name_prefix}-{workload}", "Workload": workload}, opts=child)
            aws.iam.RolePolicy(f"{name}-{workload}", role=role.id, name=workload,
                               policy=to_json(document(*POLICIES[workload](args))), opts=child)
            self.roles[workload] = role
        self.register_outputs({w: r.arn for w, r in self.roles.items()})

"""MSK: brokers over the private subnets, TLS everywhere, KMS at rest, IAM client auth, broker logs, storage
autoscaling, open monitoring, and a cluster configuration that forbids auto-created topics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from campus.catalog.topics import Replication
from campus.config.tiers import KafkaConfig

IAM_TLS_PORT = 9098


@dataclass(frozen=True)
class KafkaArgs:
    name_prefix: str
    config: KafkaConfig
    replication: Replication
    vpc_id: pulumi.Input[str]
    private_subnet_ids: Sequence[pulumi.Input[str]]
    client_security_group_id: pulumi.Input[str]
    kms_key_arn: pulumi.Input[str]
    logs_key_arn: pulumi.Input[str]
    log_retention_days: int
    protect: bool
    tags: dict[str, str]


def server_properties(replication: Replication) -> str:
    return "\n".join([
        "auto.create.topics.enable=false",
        f"default.replication.factor={replication.replication_factor}",
        f"min.insync.replicas={replication.min_insync_replicas}",
        "num.partitions=3",
        "unclean.leader.election.enable=false",
        "delete.topic.enable=true",
        "log.retention.hours=168",
    ]) + "\n"


class Kafka(pulumi.ComponentResource):
    cluster: aws.msk.Cluster

    def __init__(self, name: str, args: KafkaArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("campus:kafka:Kafka", name, None, opts)
        cfg, child = args.config, pulumi.ResourceOptions(parent=self)
        cluster_name = f"{args.name_prefix}-kafka"

        def tags(name: str) -> dict[str, str]:
            return {**args.tags, "Name": name}

        sg = aws.ec2.SecurityGroup(f"{name}-brokers", vpc_id=args.vpc_id,
                                   description="MSK brokers: IAM-authenticated TLS from the cluster nodes only",
                                   tags=tags(f"{cluster_name}-brokers"), opts=child)
        aws.vpc.SecurityGroupIngressRule(
            f"{name}-brokers-from-nodes", security_group_id=sg.id, ip_protocol="tcp", from_port=IAM_TLS_PORT,
            to_port=IAM_TLS_PORT, referenced_security_group_id=args.client_security_group_id,
            description="Kafka clients (IAM over TLS) on the EKS nodes", opts=child)
        configuration = aws.msk.Configuration(
            f"{name}-configuration", name=f"{cluster_name}-config", kafka_versions=[cfg.version],
            server_properties=server_properties(args.replication),
            description="campus broker defaults: no auto-created topics, replicated writes", opts=child)
        log_group = aws.cloudwatch.LogGroup(
            f"{name}-broker-logs", name=f"/campus/{args.name_prefix}/msk-brokers",
            retention_in_days=args.log_retention_days, kms_key_id=args.logs_key_arn,
            tags=tags(f"{cluster_name}-logs"), opts=child)
        self.cluster = aws.msk.Cluster(
            f"{name}-cluster",
            cluster_name=cluster_name,
            kafka_version=cfg.version,
            number_of_broker_nodes=cfg.brokers,
            broker_node_group_info=aws.msk.ClusterBrokerNodeGroupInfoArgs(
                instance_type=cfg.instance_type,
                client_subnets=args.private_subnet_ids,
                security_groups=[sg.id],
                storage_info=aws.msk.ClusterBrokerNodeGroupInfoStorageInfoArgs(
                    ebs_storage_info=aws.msk.ClusterBrokerNodeGroupInfoStorageInfoEbsStorageInfoArgs(
                        volume_size=cfg.volume_gb)),
                connectivity_info=aws.msk.ClusterBrokerNodeGroupInfoConnectivityInfoArgs(
                    public_access=aws.msk.ClusterBrokerNodeGroupInfoConnectivityInfoPublicAccessArgs(
                        type="DISABLED")),
            ),
            encryption_info=aws.msk.ClusterEncryptionInfoArgs(
                encryption_at_rest_kms_key_arn=args.kms_key_arn,
                encryption_in_transit=aws.msk.ClusterEncryptionInfoEncryptionInTransitArgs(
                    client_broker="TLS", in_cluster=True)),
            client_authentication=aws.msk.ClusterClientAuthenticationArgs(
                sasl=aws.msk.ClusterClientAuthenticationSaslArgs(iam=True), unauthenticated=False),
            configuration_info=aws.msk.ClusterConfigurationInfoArgs(
                arn=configuration.arn, revision=configuration.latest_revision),
            logging_info=aws.msk.ClusterLoggingInfoArgs(broker_logs=aws.msk.ClusterLoggingInfoBrokerLogsArgs(
                cloudwatch_logs=aws.msk.ClusterLoggingInfoBrokerLogsCloudwatchLogsArgs(
                    enabled=True, log_group=log_group.name))),
            open_monitoring=aws.msk.ClusterOpenMonitoringArgs(prometheus=aws.msk.ClusterOpenMonitoringPrometheusArgs(
                jmx_exporter=aws.msk.ClusterOpenMonitoringPrometheusJmxExporterArgs(enabled_in_broker=True),
                node_exporter=aws.msk.ClusterOpenMonitoringPrometheusNodeExporterArgs(enabled_in_broker=True))),
            enhanced_monitoring=cfg.enhanced_monitoring,
            tags=tags(cluster_name),
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect,
                                        ignore_changes=["brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize"]))
        target = aws.appautoscaling.Target(
            f"{name}-storage", service_namespace="kafka", scalable_dimension="kafka:broker-storage:VolumeSize",
            resource_id=self.cluster.arn, min_capacity=1, max_capacity=cfg.max_volume_gb, opts=child)
        aws.appautoscaling.Policy(
            f"{name}-storage", policy_type="TargetTrackingScaling", resource_id=target.resource_id,
            scalable_dimension=target.scalable_dimension, service_namespace=target.service_namespace,
            target_tracking_scaling_policy_configuration=aws.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs(
                predefined_metric_specification=aws.appautoscaling.
                PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs(
                    predefined_metric_type="KafkaBrokerStorageUtilization"),
                target_value=60, disable_scale_in=True),
            opts=child)
        self.bootstrap_brokers = self.cluster.bootstrap_brokers_sasl_iam
        self.register_outputs({"arn": self.cluster.arn, "bootstrapBrokers": self.bootstrap_brokers})

    def topic_arn(self, topic: str) -> pulumi.Output[str]:
        return self.cluster.arn.apply(lambda arn: f"{arn.replace(':cluster/', ':topic/', 1)}/{topic}")

    def group_arn(self, group: str) -> pulumi.Output[str]:
        return self.cluster.arn.apply(lambda arn: f"{arn.replace(':cluster/', ':group/', 1)}/{group}")

"""Aurora PostgreSQL Serverless v2 in the isolated subnets: KMS storage, a Secrets Manager-managed master password,
IAM auth, backups, deletion protection and a final snapshot where the stack says so, Performance Insights, log
exports, reachable only from the cluster nodes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from campus.config.tiers import DatabaseConfig

PORT = 5432


@dataclass(frozen=True)
class DatabaseArgs:
    name_prefix: str
    config: DatabaseConfig
    availability_zones: list[str]
    vpc_id: pulumi.Input[str]
    isolated_subnet_ids: Sequence[pulumi.Input[str]]
    client_security_group_id: pulumi.Input[str]
    kms_key_arn: pulumi.Input[str]
    logs_key_arn: pulumi.Input[str]
    log_retention_days: int
    protect: bool
    tags: dict[str, str]


class Database(pulumi.ComponentResource):
    cluster: aws.rds.Cluster

    def __init__(self, name: str, args: DatabaseArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("campus:database:Database", name, None, opts)
        cfg, child = args.config, pulumi.ResourceOptions(parent=self)
        identifier = f"{args.name_prefix}-aurora"
        major = cfg.engine_version.split(".")[0]

        def tags(name: str) -> dict[str, str]:
            return {**args.tags, "Name": name}

        subnets = aws.rds.SubnetGroup(f"{name}-subnets", name=f"{identifier}-isolated",
                                      subnet_ids=args.isolated_subnet_ids, tags=tags(f"{identifier}-subnets"),
                                      opts=child)
        sg = aws.ec2.SecurityGroup(f"{name}-sg", vpc_id=args.vpc_id,
                                   description="Aurora PostgreSQL from the cluster nodes only",
                                   tags=tags(f"{identifier}-sg"), opts=child)
        aws.vpc.SecurityGroupIngressRule(
            f"{name}-from-nodes", security_group_id=sg.id, ip_protocol="tcp", from_port=PORT, to_port=PORT,
            referenced_security_group_id=args.client_security_group_id, description="PostgreSQL from EKS nodes",
            opts=child)
        parameters = aws.rds.ClusterParameterGroup(
            f"{name}-parameters", name=f"{identifier}-pg{major}", family=f"aurora-postgresql{major}",
            description="campus: TLS only, connection and DDL logging",
            parameters=[aws.rds.ClusterParameterGroupParameterArgs(name=k, value=v, apply_method="pending-reboot")
                        for k, v in (("rds.force_ssl", "1"), ("log_connections", "1"),
                                     ("log_disconnections", "1"), ("log_statement", "ddl"))],
            tags=tags(f"{identifier}-parameters"), opts=child)
        log_group = aws.cloudwatch.LogGroup(
            f"{name}-logs", name=f"/aws/rds/cluster/{identifier}/postgresql",
            retention_in_days=args.log_retention_days, kms_key_id=args.logs_key_arn,
            tags=tags(f"{identifier}-logs"), opts=child)
        final_snapshot = cfg.deletion_protection
        self.cluster = aws.rds.Cluster(
            f"{name}-cluster",
            cluster_identifier=identifier,
            engine="aurora-postgresql",
            engine_mode="provisioned",
            engine_version=cfg.engine_version,
            database_name=cfg.database_name,
            master_username="campus_admin",
            manage_master_user_password=True,
            master_user_secret_kms_key_id=args.kms_key_arn,
            storage_encrypted=True,
            kms_key_id=args.kms_key_arn,
            iam_database_authentication_enabled=True,
            backup_retention_period=cfg.backup_retention_days,
            preferred_backup_window="03:00-04:00",
            preferred_maintenance_window="sun:04:30-sun:05:30",
            copy_tags_to_snapshot=True,
            deletion_protection=cfg.deletion_protection,
            skip_final_snapshot=not final_snapshot,
            final_snapshot_identifier=f"{identifier}-final" if final_snapshot else None,
            enabled_cloudwatch_logs_exports=["postgresql"],
            serverlessv2_scaling_configuration=aws.rds.ClusterServerlessv2ScalingConfigurationArgs(
                min_capacity=cfg.min_acu, max_capacity=cfg.max_acu),
            db_subnet_group_name=subnets.name,
            vpc_security_group_ids=[sg.id],
            db_cluster_parameter_group_name=parameters.name,
            port=PORT,
            tags=tags(identifier),
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect, depends_on=[log_group]))
        self.instances = [
            aws.rds.ClusterInstance(
                f"{name}-{'writer' if index == 0 else f'reader-{index}'}",
                identifier=f"{identifier}-{index + 1}",
                cluster_identifier=self.cluster.id,
                instance_class="db.serverless",
                engine=aws.rds.EngineType.AURORA_POSTGRESQL,
                engine_version=cfg.engine_version,
                # The writer and each reader land in different AZs so a reader can take over.
                availability_zone=args.availability_zones[index % len(args.availability_zones)],
                promotion_tier=index,
                publicly_accessible=False,
                auto_minor_version_upgrade=True,
                performance_insights_enabled=True,
                performance_insights_kms_key_id=args.kms_key_arn,
                performance_insights_retention_period=cfg.performance_insights_retention_days,
                db_subnet_group_name=subnets.name,
                tags=tags(f"{identifier}-{index + 1}"),
                opts=pulumi.ResourceOptions(parent=self, protect=args.protect))
            for index in range(cfg.instances)
        ]
        self.secret_arn = self.cluster.master_user_secrets[0].secret_arn
        self.register_outputs({"endpoint": self.cluster.endpoint, "readerEndpoint": self.cluster.reader_endpoint,
                               "secretArn": self.secret_arn})

    def db_user_arn(self, region: str, account_id: pulumi.Input[str], user: str) -> pulumi.Output[str]:
        return pulumi.Output.concat("arn:aws:rds-db:", region, ":", account_id, ":dbuser:",
                                    self.cluster.cluster_resource_id, "/", user)

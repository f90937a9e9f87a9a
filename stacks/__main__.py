"""The campus Pulumi program: every stack runs this file; its typed config decides what it composes.

    stack config → components → resource graph
"""

from __future__ import annotations

from pathlib import Path

import pulumi
import pulumi_aws as aws

from campus.catalog.contracts import KnownNames, load_contracts
from campus.catalog.infra import InfraEndpoints, infra_values
from campus.catalog.topics import load_topic_catalog
from campus.config.loader import config_from_pulumi_runtime
from modules.bedrock import BedrockAccess, BedrockArgs
from modules.cluster import Cluster, ClusterArgs
from modules.database import Database, DatabaseArgs
from modules.encryption import Encryption, EncryptionArgs
from modules.gitops_bootstrap import BootstrapArgs, GitOpsBootstrap
from modules.grants import PlatformArns, db_user
from modules.irsa import ServiceRoles, ServiceRolesArgs
from modules.kafka import Kafka, KafkaArgs
from modules.learner_lab import LabHost, LabHostArgs
from modules.network import Network, NetworkArgs
from modules.platform_roles import WORKLOADS, PlatformRoles, PlatformRolesArgs
from modules.registry import Registry, RegistryArgs
from modules.storage import Storage, StorageArgs
from modules.tables import Tables, TablesArgs

ROOT = Path(__file__).resolve().parent.parent
cfg = config_from_pulumi_runtime(pulumi.get_stack())
tags = cfg.tags()
prefix = cfg.name_prefix
protect = cfg.protect_stateful

# One explicit provider: it refuses to touch any account but the configured one, and tags what we forget to.
provider = aws.Provider("aws", region=cfg.region, allowed_account_ids=[cfg.account_id] if cfg.account_id else None,
                        default_tags=aws.ProviderDefaultTagsArgs(tags=tags))
opts = pulumi.ResourceOptions(provider=provider)
account_id: pulumi.Input[str] = cfg.account_id or aws.get_caller_identity_output(
    opts=pulumi.InvokeOutputOptions(provider=provider)).account_id

keys = Encryption("keys", EncryptionArgs(
    name_prefix=prefix, domains=cfg.encryption.domains, account_id=account_id, region=cfg.region,
    deletion_window_days=cfg.encryption.deletion_window_days, protect=protect, tags=tags), opts)
storage = Storage("storage", StorageArgs(
    name_prefix=prefix, config=cfg.storage, account_id=account_id, region=cfg.region,
    kms_key_arn=keys.arn("storage"), protect=protect, tags=tags), opts)
tables = Tables("tables", TablesArgs(
    name_prefix=prefix, config=cfg.tables, kms_key_arn=keys.arn("database"), protect=protect, tags=tags), opts)
pulumi.export("environment", cfg.environment)
pulumi.export("region", cfg.region)
pulumi.export("buckets", {key: bucket.bucket for key, bucket in storage.buckets.items()})
pulumi.export("tables", {key: table.name for key, table in tables.tables.items()})
pulumi.export("kmsKeys", {domain: key.arn for domain, key in keys.keys.items()})

if cfg.learner_lab is not None:
    host = LabHost("lab", LabHostArgs(name_prefix=prefix, stack=cfg.stack, region=cfg.region,
                                      config=cfg.learner_lab, tags=tags), opts)
    pulumi.export("labHost", host.outputs)
    pulumi.export("sshCommand", host.outputs.apply(
        lambda h: f"ssh -i ~/.ssh/labsuser.pem {h['sshUser']}@{h['publicIp']}"))

if cfg.network is not None and cfg.cluster is not None and cfg.kafka is not None and cfg.database is not None:
    catalog = load_topic_catalog(ROOT)
    catalog.check_against_brokers(cfg.environment, cfg.kafka.brokers, "catalog/topics.yaml")
    contracts = load_contracts(ROOT, KnownNames(
        topics=frozenset(catalog.names()), tables=frozenset(cfg.tables.tables),
        buckets=frozenset(cfg.storage.buckets), models=frozenset(cfg.bedrock.models)))

    network = Network("network", NetworkArgs(
        name_prefix=prefix, config=cfg.network, region=cfg.region, account_id=account_id,
        logs_key_arn=keys.arn("logs"), cluster_name=prefix, tags=tags), opts)
    private_subnets = [s.id for s in network.private_subnets]
    cluster = Cluster("cluster", ClusterArgs(
        name_prefix=prefix, config=cfg.cluster, private_subnet_ids=private_subnets,
        cluster_key_arn=keys.arn("cluster"), logs_key_arn=keys.arn("logs"),
        log_retention_days=cfg.log_retention_days, tags=tags), opts)
    kafka = Kafka("kafka", KafkaArgs(
        name_prefix=prefix, config=cfg.kafka, replication=catalog.replication_for(cfg.environment),
        vpc_id=network.vpc.id, private_subnet_ids=private_subnets,
        client_security_group_id=cluster.node_security_group_id, kms_key_arn=keys.arn("streaming"),
        logs_key_arn=keys.arn("logs"), log_retention_days=cfg.log_retention_days, protect=protect, tags=tags), opts)
    database = Database("database", DatabaseArgs(
        name_prefix=prefix, config=cfg.database, availability_zones=cfg.network.availability_zones,
        vpc_id=network.vpc.id, isolated_subnet_ids=[s.id for s in network.isolated_subnets],
        client_security_group_id=cluster.node_security_group_id, kms_key_arn=keys.arn("database"),
        logs_key_arn=keys.arn("logs"), log_retention_days=cfg.log_retention_days, protect=protect, tags=tags), opts)
    registry = Registry("registry", RegistryArgs(
        # The application services, plus the Kafka admin image the topic-catalog Job runs.
        services=[*sorted(contracts), "kafka-admin"], config=cfg.registry, kms_key_arn=keys.arn("storage"),
        protect=protect,
        tags=tags), opts)
    bedrock = BedrockAccess("bedrock", BedrockArgs(
        name_prefix=prefix, config=cfg.bedrock,
        consumers={s: c.models for s, c in contracts.items() if c.models}, region=cfg.region,
        account_id=account_id, vpc_id=network.vpc.id, vpc_cidr=cfg.network.cidr, private_subnet_ids=private_subnets,
        logs_key_arn=keys.arn("logs"), log_retention_days=cfg.log_retention_days, tags=tags),
        opts) if cfg.bedrock.enabled else None

    arns = PlatformArns(
        region=cfg.region,
        tables={k: t.arn for k, t in tables.tables.items()},
        buckets={k: b.arn for k, b in storage.buckets.items()},
        table_key=keys.arn("database"), bucket_key=keys.arn("storage"),
        kafka_cluster=kafka.cluster.arn,
        kafka_topics={t: kafka.topic_arn(t) for t in sorted(catalog.names())},
        kafka_groups={s: kafka.group_arn(s) for s in contracts},
        db_users={s: database.db_user_arn(cfg.region, account_id, db_user(s)) for s in contracts})
    roles = ServiceRoles("irsa", ServiceRolesArgs(
        name_prefix=prefix, contracts=contracts, cluster=cluster, arns=arns,
        bedrock_policies=bedrock.policies if bedrock else {}, tags=tags), opts)

    platform_roles = PlatformRoles("platform", PlatformRolesArgs(
        name_prefix=prefix, region=cfg.region, account_id=account_id, cluster=cluster, vpc_id=network.vpc.id,
        kafka=kafka, topics=sorted(catalog.names()), db_secret_arn=database.secret_arn,
        db_key_arn=keys.arn("database"), tags=tags), opts)

    endpoints = InfraEndpoints(
        region=cfg.region, environment=cfg.environment,
        tables={k: t.name for k, t in tables.tables.items()},
        buckets={k: b.bucket for k, b in storage.buckets.items()},
        models=dict(cfg.bedrock.models) if cfg.bedrock.enabled else {},
        kafka_bootstrap=kafka.bootstrap_brokers, db_endpoint=database.cluster.endpoint,
        db_reader_endpoint=database.cluster.reader_endpoint, db_name=cfg.database.database_name,
        db_secret_arn=database.secret_arn)
    GitOpsBootstrap("gitops", BootstrapArgs(
        environment=cfg.environment, region=cfg.region, root=ROOT, config=cfg.gitops,
        cluster_name=cluster.cluster.name, cluster_endpoint=cluster.cluster.endpoint,
        cluster_ca=cluster.cluster.certificate_authority.data,
        contracts=contracts, role_arns={s: r.arn for s, r in roles.roles.items()},
        infra_values={s: infra_values(c, endpoints) for s, c in contracts.items()},
        replicas=2 if cfg.environment == "prod" else 1,
        platform_accounts={w: (where.namespace, where.service_account, platform_roles.roles[w].arn)
                           for w, where in WORKLOADS.items()},
        kafka_bootstrap=kafka.bootstrap_brokers), opts)

    pulumi.export("vpcId", network.vpc.id)
    pulumi.export("privateSubnetIds", private_subnets)
    pulumi.export("isolatedSubnetIds", [s.id for s in network.isolated_subnets])
    pulumi.export("clusterName", cluster.cluster.name)
    pulumi.export("clusterEndpoint", cluster.cluster.endpoint)
    pulumi.export("kubeconfigCommand", cluster.cluster.name.apply(
        lambda name: f"aws eks update-kubeconfig --name {name} --region {cfg.region}"))
    pulumi.export("oidcProviderArn", cluster.oidc_provider.arn)
    pulumi.export("kafkaClusterArn", kafka.cluster.arn)
    pulumi.export("kafkaBootstrapBrokers", kafka.bootstrap_brokers)
    pulumi.export("databaseEndpoint", database.cluster.endpoint)
    pulumi.export("databaseReaderEndpoint", database.cluster.reader_endpoint)
    pulumi.export("databaseSecretArn", database.secret_arn)
    pulumi.export("serviceRoleArns", {s: r.arn for s, r in roles.roles.items()})
    pulumi.export("platformRoleArns", {w: r.arn for w, r in platform_roles.roles.items()})
    pulumi.export("ecrRepositories", {s: r.repository_url for s, r in registry.repositories.items()})
    if bedrock is not None:
        pulumi.export("bedrockModelArns", bedrock.model_arns)

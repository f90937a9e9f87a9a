"""The campus Pulumi program: every stack runs this file; its typed config decides what it composes.

    stack config → components → resource graph
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from campus.config.loader import config_from_pulumi_runtime
from modules.encryption import Encryption, EncryptionArgs
from modules.network import Network, NetworkArgs
from modules.storage import Storage, StorageArgs
from modules.tables import Tables, TablesArgs

cfg = config_from_pulumi_runtime(pulumi.get_stack())
tags = cfg.tags()
prefix = cfg.name_prefix

# One explicit provider: it refuses to touch any account but the configured one, and tags what we forget to.
provider = aws.Provider(
    "aws",
    region=cfg.region,
    allowed_account_ids=[cfg.account_id] if cfg.account_id else None,
    default_tags=aws.ProviderDefaultTagsArgs(tags=tags),
)
opts = pulumi.ResourceOptions(provider=provider)
account_id: pulumi.Input[str] = cfg.account_id or aws.get_caller_identity_output(
    opts=pulumi.InvokeOutputOptions(provider=provider)).account_id

encryption = Encryption("keys", EncryptionArgs(
    name_prefix=prefix, domains=cfg.encryption.domains, account_id=account_id, region=cfg.region,
    deletion_window_days=cfg.encryption.deletion_window_days, protect=cfg.protect_stateful, tags=tags), opts)

if cfg.network is not None:
    network = Network("network", NetworkArgs(
        name_prefix=prefix, config=cfg.network, region=cfg.region, account_id=account_id,
        logs_key_arn=encryption.arn("logs"), cluster_name=f"{prefix}-eks", tags=tags), opts)
    pulumi.export("vpcId", network.vpc.id)
    pulumi.export("privateSubnetIds", [s.id for s in network.private_subnets])
    pulumi.export("isolatedSubnetIds", [s.id for s in network.isolated_subnets])

storage = Storage("storage", StorageArgs(
    name_prefix=prefix, config=cfg.storage, account_id=account_id, region=cfg.region,
    kms_key_arn=encryption.arn("storage"), protect=cfg.protect_stateful, tags=tags), opts)
tables = Tables("tables", TablesArgs(
    name_prefix=prefix, config=cfg.tables, kms_key_arn=encryption.arn("database"), protect=cfg.protect_stateful,
    tags=tags), opts)

pulumi.export("environment", cfg.environment)
pulumi.export("region", cfg.region)
pulumi.export("buckets", {key: bucket.bucket for key, bucket in storage.buckets.items()})
pulumi.export("tables", {key: table.name for key, table in tables.tables.items()})
pulumi.export("kmsKeys", {domain: key.arn for domain, key in encryption.keys.items()})

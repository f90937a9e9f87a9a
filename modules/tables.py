"""DynamoDB tables: on-demand, PITR, KMS, TTL where the data expires, deletion protection where the stack says so."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from campus.config.model import TablesConfig


@dataclass(frozen=True)
class TablesArgs:
    name_prefix: str
    config: TablesConfig
    kms_key_arn: pulumi.Input[str]
    protect: bool
    tags: dict[str, str]


class Tables(pulumi.ComponentResource):
    tables: dict[str, aws.dynamodb.Table]

    def __init__(self, name: str, args: TablesArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("campus:tables:Tables", name, None, opts)
        self.tables = {}
        for key, cfg in sorted(args.config.tables.items()):
            attributes = [aws.dynamodb.TableAttributeArgs(name=cfg.hash_key, type="S")]
            if cfg.range_key:
                attributes.append(aws.dynamodb.TableAttributeArgs(name=cfg.range_key, type="S"))
            self.tables[key] = aws.dynamodb.Table(
                f"{name}-{key}",
                name=f"{args.name_prefix}-{key}",
                billing_mode="PAY_PER_REQUEST",
                hash_key=cfg.hash_key,
                range_key=cfg.range_key,
                attributes=attributes,
                ttl=aws.dynamodb.TableTtlArgs(attribute_name=cfg.ttl_attribute, enabled=True)
                if cfg.ttl_attribute else None,
                point_in_time_recovery=aws.dynamodb.TablePointInTimeRecoveryArgs(enabled=True),
                server_side_encryption=aws.dynamodb.TableServerSideEncryptionArgs(
                    enabled=True, kms_key_arn=args.kms_key_arn),
                deletion_protection_enabled=args.config.deletion_protection,
                stream_enabled=cfg.stream or None,
                stream_view_type="NEW_AND_OLD_IMAGES" if cfg.stream else None,
                tags={**args.tags, "Name": f"{args.name_prefix}-{key}", "DataClassification": cfg.data_classification},
                opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
            )
        self.register_outputs({f"{k}Table": t.name for k, t in self.tables.items()})

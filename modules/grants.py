"""Least privilege by construction: a service's IAM statements follow from its contract, action by action.

Pure functions over ARNs, so the rules are testable without a stack and reusable by the consistency checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pulumi

from campus.catalog.contracts import Contract
from modules.policy_documents import statement

TABLE_READ = ["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:GetItem",
              "dynamodb:Query"]
TABLE_WRITE = ["dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]
OBJECT_READ = ["s3:GetObject"]
OBJECT_WRITE = ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject"]
KMS_DECRYPT = ["kms:Decrypt", "kms:DescribeKey"]
KMS_ENCRYPT = ["kms:GenerateDataKey"]


@dataclass
class PlatformArns:
    """ARNs a contract may name, by logical name; Outputs where the provider computes them."""

    region: str
    tables: dict[str, pulumi.Input[str]]
    buckets: dict[str, pulumi.Input[str]]
    table_key: pulumi.Input[str]
    bucket_key: pulumi.Input[str]
    kafka_cluster: pulumi.Input[str] | None = None
    kafka_topics: dict[str, pulumi.Input[str]] = field(default_factory=dict)
    kafka_groups: dict[str, pulumi.Input[str]] = field(default_factory=dict)
    db_users: dict[str, pulumi.Input[str]] = field(default_factory=dict)


def via(service: str, region: str) -> dict[str, Any]:
    return {"StringEquals": {"kms:ViaService": f"{service}.{region}.amazonaws.com"}}


def grants_for(contract: Contract, arns: PlatformArns) -> list[dict[str, Any]]:
    """Every statement the service's role needs, and nothing else. Bedrock comes as its own managed policy."""
    statements: list[dict[str, Any]] = []
    reads, writes = set(contract.tables.read), set(contract.tables.write)
    for name in sorted(reads | writes):
        actions = TABLE_READ + (TABLE_WRITE if name in writes else [])
        table = arns.tables[name]
        statements.append(statement("Allow", actions, [table, pulumi.Output.concat(table, "/index/*")],
                                    sid=f"Table{_sid(name)}"))
    if reads | writes:
        statements.append(statement("Allow", KMS_DECRYPT + (KMS_ENCRYPT if writes else []), arns.table_key,
                                    sid="TableKey", condition=via("dynamodb", arns.region)))
    reads, writes = set(contract.buckets.read), set(contract.buckets.write)
    for name in sorted(reads | writes):
        bucket = arns.buckets[name]
        actions = OBJECT_READ + (OBJECT_WRITE if name in writes else [])
        statements.append(statement("Allow", ["s3:ListBucket"], bucket, sid=f"List{_sid(name)}"))
        statements.append(statement("Allow", actions, pulumi.Output.concat(bucket, "/*"), sid=f"Objects{_sid(name)}"))
    if reads | writes:
        statements.append(statement("Allow", KMS_DECRYPT + (KMS_ENCRYPT if writes else []), arns.bucket_key,
                                    sid="BucketKey", condition=via("s3", arns.region)))
    if contract.uses_kafka and arns.kafka_cluster is not None:
        statements.append(statement("Allow", ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"],
                                    arns.kafka_cluster, sid="KafkaConnect"))
        if contract.produces:
            statements.append(statement("Allow", ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"],
                                        [arns.kafka_topics[t] for t in sorted(contract.produces)], sid="Produce"))
        if contract.consumes:
            statements.append(statement("Allow", ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"],
                                        [arns.kafka_topics[t] for t in sorted(contract.consumes)], sid="Consume"))
            statements.append(statement("Allow", ["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"],
                                        arns.kafka_groups[contract.service], sid="ConsumerGroup"))
    if contract.database != "none" and contract.service in arns.db_users:
        statements.append(statement("Allow", ["rds-db:connect"], arns.db_users[contract.service], sid="DatabaseIam"))
    return statements


def db_user(service: str) -> str:
    return service.replace("-", "_")


def _sid(name: str) -> str:
    return "".join(part.capitalize() for part in name.replace(".", "-").split("-"))

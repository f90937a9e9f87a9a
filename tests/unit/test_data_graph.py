"""Buckets, tables and keys: encrypted, versioned, private, TLS-only, recoverable — and protected in prod."""

from __future__ import annotations

import json

import pytest

from campus.engine.graph import Graph, ResourceNode

BUCKET = "aws:s3/bucket:Bucket"
STACKS = ("dev", "staging", "prod", "learner-lab")


def attached(graph: Graph, bucket: ResourceNode, token: str) -> list[ResourceNode]:
    """Bucket configuration resources that reference this bucket through their `bucket` input."""
    return [r for r in graph.of_type(token) if bucket.urn in r.property_dependencies.get("bucket", [])]


@pytest.mark.parametrize("stack", STACKS)
def test_every_bucket_is_kms_encrypted_versioned_private_and_tls_only(graphs: dict[str, Graph], stack: str) -> None:
    graph = graphs[stack]
    buckets = graph.of_type(BUCKET)
    assert {b.name.removeprefix("storage-") for b in buckets} == {
        "vector-store", "documents", "audio", "quiz-assets", "access-logs"}
    for bucket in buckets:
        (sse,) = attached(graph, bucket, "aws:s3/bucketServerSideEncryptionConfiguration:"
                                         "BucketServerSideEncryptionConfiguration")
        by_default = sse.inputs["rules"][0]["applyServerSideEncryptionByDefault"]
        assert by_default["sseAlgorithm"] == "aws:kms"
        assert by_default["kmsMasterKeyId"].startswith("arn:aws:kms:")
        (versioning,) = attached(graph, bucket, "aws:s3/bucketVersioning:BucketVersioning")
        assert versioning.inputs["versioningConfiguration"]["status"] == "Enabled"
        (pab,) = attached(graph, bucket, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
        assert all(pab.inputs[k] for k in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls",
                                            "restrictPublicBuckets"))
        (policy,) = attached(graph, bucket, "aws:s3/bucketPolicy:BucketPolicy")
        statements = json.loads(policy.inputs["policy"])["Statement"]
        deny_plain = [s for s in statements if s["Effect"] == "Deny"
                      and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"]
        assert deny_plain and set(deny_plain[0]["Resource"]) == {bucket.outputs["arn"], bucket.outputs["arn"] + "/*"}


def test_every_bucket_but_the_log_bucket_logs_to_the_log_bucket(graphs: dict[str, Graph]) -> None:
    graph = graphs["prod"]
    log_bucket = next(b for b in graph.of_type(BUCKET) if b.name.endswith("access-logs"))
    for bucket in graph.of_type(BUCKET):
        logging = attached(graph, bucket, "aws:s3/bucketLogging:BucketLogging")
        if bucket is log_bucket:
            assert logging == []
        else:
            assert logging[0].inputs["targetBucket"] == log_bucket.inputs["bucket"]


@pytest.mark.parametrize("stack", STACKS)
def test_every_table_has_pitr_and_a_customer_managed_key(graphs: dict[str, Graph], stack: str) -> None:
    tables = graphs[stack].of_type("aws:dynamodb/table:Table")
    assert len(tables) == 5
    for table in tables:
        assert table.inputs["pointInTimeRecovery"]["enabled"] is True
        assert table.inputs["serverSideEncryption"]["enabled"] is True
        assert table.inputs["serverSideEncryption"]["kmsKeyArn"].startswith("arn:aws:kms:")
    chat = next(t for t in tables if t.name.endswith("chat-sessions"))
    assert chat.inputs["ttl"] == {"attributeName": "expiresAt", "enabled": True}


STATEFUL = ("aws:s3/bucket:Bucket", "aws:dynamodb/table:Table", "aws:kms/key:Key")


def test_stateful_resources_are_protected_in_prod_only(graphs: dict[str, Graph]) -> None:
    prod = [r for t in STATEFUL for r in graphs["prod"].of_type(t)]
    dev = [r for t in STATEFUL for r in graphs["dev"].of_type(t)]
    assert prod and all(r.protect for r in prod)
    assert dev and not any(r.protect for r in dev)
    assert all(t.inputs["deletionProtectionEnabled"] for t in graphs["prod"].of_type("aws:dynamodb/table:Table"))
    assert not any(b.inputs.get("forceDestroy") for b in graphs["prod"].of_type(BUCKET))


def test_kms_keys_rotate_and_trust_only_this_account(graphs: dict[str, Graph]) -> None:
    keys = graphs["prod"].of_type("aws:kms/key:Key")
    assert {k.inputs["tags"]["DataDomain"] for k in keys} >= {"storage", "database", "logs"}
    for key in keys:
        assert key.inputs["enableKeyRotation"] is True
        policy = json.loads(key.inputs["policy"])
        root = next(s for s in policy["Statement"] if s["Sid"] == "AccountRootManagesKey")
        assert root["Principal"] == {"AWS": "arn:aws:iam::777788889999:root"}


@pytest.mark.parametrize("stack", STACKS)
def test_every_taggable_resource_carries_the_standard_tags(graphs: dict[str, Graph], stack: str) -> None:
    required = {"Project", "Environment", "Owner", "CostCenter", "DataClassification"}
    tagged = [r for r in graphs[stack].resources if r.custom and "tags" in r.inputs]
    assert len(tagged) > 10
    for resource in tagged:
        assert required <= set(resource.inputs["tags"]), resource.urn
        assert resource.inputs["tags"]["Environment"] == stack

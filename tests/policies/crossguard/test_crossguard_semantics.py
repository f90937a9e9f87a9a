"""Enforcement levels, unknown values, applicability and evidence, as pulumi-policy defines them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from campus.analyses.crossguard import run_pack
from campus.analyses.crossguard_config import load_policy_config
from campus.engine.graph import Graph, ResourceNode
from campus.errors import CampusInputError
from campus.findings import Finding, findings_document

# pulumi's wire sentinel for a string not known until apply (pulumi_policy.proxy.UNKNOWN_STRING_VALUE).
UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
# pulumi's wire signature of a secret value.
SECRET = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270"}
TAGS = {"Project": "campus", "Owner": "team", "CostCenter": "cc", "DataClassification": "internal"}


def node(type_: str, name: str, inputs: dict[str, Any], **extra: Any) -> ResourceNode:
    return ResourceNode(
        urn=f"urn:pulumi:dev::campus::{type_}::{name}", type=type_, name=name, custom=True, inputs=inputs, **extra
    )


def graph(*nodes: ResourceNode) -> Graph:
    return Graph(project="campus", stack="dev", resources=list(nodes))


def of(findings: list[Finding], rule_id: str) -> list[Finding]:
    return [f for f in findings if f.rule_id == rule_id]


def key(name: str = "k", env: str = "dev", **inputs: Any) -> ResourceNode:
    return node("aws:kms/key:Key", name, {"tags": {**TAGS, "Environment": env}, **inputs})


def test_unknown_value_gives_an_advisory_not_evaluated_finding_instead_of_pass_or_fail() -> None:
    findings = of(run_pack(graph(key(enableKeyRotation=UNKNOWN_STRING))), "CG-KMS-001")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.status == "fail" and finding.enforcement == "advisory" and not finding.blocks
    assert finding.message.startswith("not evaluated: can't run policy 'CG-KMS-001'")
    assert ".enableKeyRotation can't be known during preview" in finding.message


def test_unknown_value_in_a_stack_rule_is_not_evaluated_for_the_stack() -> None:
    bucket = node("aws:s3/bucket:Bucket", "b", {"tags": {**TAGS, "Environment": "dev"}}, outputs={"id": "b"})
    versioning = node("aws:s3/bucketVersioning:BucketVersioning", "v", {"bucket": UNKNOWN_STRING})
    findings = of(run_pack(graph(bucket, versioning)), "CG-S3-005")
    assert [(f.status, f.enforcement) for f in findings] == [("fail", "advisory")]
    assert findings[0].resource == "urn:pulumi:dev::campus::pulumi:pulumi:Stack::campus-dev"
    assert "not evaluated" in findings[0].message


def test_secret_inputs_are_checked_by_their_value() -> None:
    findings = of(run_pack(graph(key(enableKeyRotation={**SECRET, "value": True}))), "CG-KMS-001")
    assert [f.status for f in findings] == ["pass"]


def test_config_can_disable_a_rule() -> None:
    findings = run_pack(graph(key(enableKeyRotation=False)), {"CG-KMS-001": "disabled"})
    assert of(findings, "CG-KMS-001") == []
    assert of(findings, "CG-KMS-003"), "other rules still run"


def test_config_can_lower_enforcement_so_a_failure_no_longer_blocks() -> None:
    default = of(run_pack(graph(key(enableKeyRotation=False))), "CG-KMS-001")
    lowered = of(run_pack(graph(key(enableKeyRotation=False)), {"CG-KMS-001": "advisory"}), "CG-KMS-001")
    assert [f.blocks for f in default] == [True]
    assert [(f.status, f.enforcement, f.blocks) for f in lowered] == [("fail", "advisory", False)]


def test_config_all_sets_every_rule_and_a_rule_entry_wins() -> None:
    findings = run_pack(graph(key(enableKeyRotation=False)), {"all": "advisory", "CG-TAG-001": "mandatory"})
    assert {f.enforcement for f in findings if f.rule_id != "CG-TAG-001"} == {"advisory"}
    assert {f.enforcement for f in of(findings, "CG-TAG-001")} == {"mandatory"}


def test_config_properties_reach_the_rule() -> None:
    instance = node("aws:ec2/instance:Instance", "lab-host", {"associatePublicIpAddress": True})
    assert [f.status for f in of(run_pack(graph(instance)), "CG-EC2-004")] == ["fail"]
    allowed = run_pack(graph(instance), {"CG-EC2-004": {"allowedResources": ["lab-host"]}})
    assert [f.status for f in of(allowed, "CG-EC2-004")] == ["pass"]


@pytest.mark.parametrize(
    ("config", "key_name"),
    [({"CG-NOPE-001": "advisory"}, "CG-NOPE-001"), ({"CG-KMS-001": "warn"}, "CG-KMS-001"), ({"all": 3}, "all")],
)
def test_bad_config_names_the_file_and_key(config: dict[str, Any], key_name: str) -> None:
    with pytest.raises(CampusInputError) as raised:
        run_pack(graph(key()), config, config_file="policy-config.json")
    assert str(raised.value).startswith(f"policy-config.json: {key_name}: ")


def test_policy_config_file_errors_are_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "config.json"
    broken.write_text("{not json")
    with pytest.raises(CampusInputError, match=r"config.json: not valid JSON \(line 1\)"):
        load_policy_config(broken)
    broken.write_text(json.dumps({"CG-KMS-001": "advisory"}))
    assert load_policy_config(broken) == {"CG-KMS-001": "advisory"}


def test_rules_that_do_not_apply_leave_no_finding() -> None:
    asymmetric = key(customerMasterKeySpec="RSA_2048", enableKeyRotation=False)
    findings = run_pack(graph(asymmetric))
    assert of(findings, "CG-KMS-001") == []
    # One pass per (rule, applicable resource): the key is judged by the KMS rules and the tag rules only.
    assert {f.rule_id for f in findings if f.status == "pass"} == {
        "CG-KMS-002",
        "CG-KMS-003",
        "CG-TAG-001",
        "CG-TAG-002",
    }


def test_prod_only_rules_follow_the_environment_tag() -> None:
    table_inputs = {"deletionProtectionEnabled": True, "pointInTimeRecovery": {"enabled": True}}
    dev = node("aws:dynamodb/table:Table", "t", {"tags": {**TAGS, "Environment": "dev"}, **table_inputs})
    prod = node("aws:dynamodb/table:Table", "t", {"tags": {**TAGS, "Environment": "prod"}, **table_inputs})
    prod_protected = prod.model_copy(update={"protect": True})
    assert of(run_pack(graph(dev)), "CG-STK-001") == []
    assert [f.status for f in of(run_pack(graph(prod)), "CG-STK-001")] == ["fail"]
    assert [f.status for f in of(run_pack(graph(prod_protected)), "CG-STK-001")] == ["pass"]


def test_stack_rules_see_outputs_and_match_by_identifier() -> None:
    bucket = node(
        "aws:s3/bucket:Bucket",
        "logs",
        {"tags": {**TAGS, "Environment": "dev"}},
        outputs={"id": "campus-logs-123", "bucket": "campus-logs-123"},
    )
    sse = node(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "sse",
        {"bucket": "campus-logs-123", "rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}]},
    )
    source = node("aws:s3/bucket:Bucket", "data", {"tags": {**TAGS, "Environment": "dev"}}, outputs={"id": "data-1"})
    logging = node(
        "aws:s3/bucketLogging:BucketLogging", "data-logging", {"bucket": "data-1", "targetBucket": "campus-logs-123"}
    )
    alone = of(run_pack(graph(bucket, sse)), "CG-S3-001")
    assert [(f.status, f.resource.rsplit("::", 1)[1]) for f in alone] == [("fail", "logs")]
    # Once it receives access logs, SSE-S3 is what S3 log delivery requires of it.
    as_target = of(run_pack(graph(bucket, sse, source, logging)), "CG-S3-001")
    assert {(f.status, f.resource.rsplit("::", 1)[1]) for f in as_target} == {("pass", "logs"), ("fail", "data")}


def test_findings_serialize_into_the_findings_document() -> None:
    findings = run_pack(graph(key(enableKeyRotation=False)))
    document = findings_document(findings)
    summary = document["summary"]
    assert isinstance(summary, dict)
    assert summary["by_engine"] == {"crossguard": len(findings)}
    assert summary["blocking"] == sum(1 for f in findings if f.blocks) >= 1
    json.dumps(document)


def test_provider_default_tags_count_as_the_resources_tags() -> None:
    default_tags = {"tags": {**TAGS, "Environment": "prod"}}
    provider = node("pulumi:providers:aws", "aws", {"region": "us-east-1", "defaultTags": json.dumps(default_tags)})
    provider_ref = f"{provider.urn}::04e8f1a4-provider-id"
    table = node("aws:dynamodb/table:Table", "t", {"deletionProtectionEnabled": True}, provider=provider_ref)
    untagged = node("aws:dynamodb/table:Table", "t", {"deletionProtectionEnabled": True})

    with_provider = run_pack(graph(provider, table))
    assert [f.status for f in of(with_provider, "CG-TAG-001")] == ["pass"]
    # The prod Environment comes from the provider, so the prod-only protect rule applies (and fails).
    assert [f.status for f in of(with_provider, "CG-STK-001")] == ["fail"]
    without = run_pack(graph(untagged))
    assert [f.status for f in of(without, "CG-TAG-001")] == ["fail"]
    assert of(without, "CG-STK-001") == []

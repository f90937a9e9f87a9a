from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def sarif(reports: dict[str, Path]) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(reports["findings.sarif"].read_text())
    return document


def results_of(sarif: dict[str, Any], engine: str) -> list[dict[str, Any]]:
    (run,) = [run for run in sarif["runs"] if run["tool"]["driver"]["name"] == f"campus-{engine}"]
    results: list[dict[str, Any]] = run["results"]
    return results


def test_sarif_is_valid_against_the_official_2_1_0_schema(sarif: dict[str, Any]) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text())
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(sarif)


def test_the_vendored_schema_really_checks_sarif(sarif: dict[str, Any]) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text())
    broken = json.loads(json.dumps(sarif))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(broken)


def test_one_run_per_engine_with_every_rule_of_that_engine(sarif: dict[str, Any]) -> None:
    drivers = {run["tool"]["driver"]["name"]: run["tool"]["driver"] for run in sarif["runs"]}
    assert sorted(drivers) == [
        "campus-admission",
        "campus-ansible-lint",
        "campus-checkov",
        "campus-crossguard",
    ]
    crossguard = {rule["id"]: rule for rule in drivers["campus-crossguard"]["rules"]}
    assert "ecr-scan-on-push" in crossguard  # listed although nothing was in scope for it
    s3 = crossguard["s3-default-encryption"]
    assert s3["properties"]["security-severity"] == "8.0"
    assert "NIST-800-53 rev5 sc-28.1" in s3["properties"]["controls"]
    assert s3["help"]["text"].startswith("Fix:")


def test_results_carry_level_location_and_rule_index(sarif: dict[str, Any]) -> None:
    for run in sarif["runs"]:
        rules = run["tool"]["driver"]["rules"]
        for result in run["results"]:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    privileged = [r for r in results_of(sarif, "admission") if r["ruleId"] == "k8s-no-privileged"]
    assert len(privileged) == 1  # passing checks are not results
    assert privileged[0]["level"] == "error"
    physical = privileged[0]["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "apps/lab-broker/base/deployment.yaml"
    assert physical["region"]["startLine"] == 23
    (advisory,) = results_of(sarif, "checkov")
    assert advisory["level"] == "warning"


def test_cloud_resources_without_a_file_get_a_logical_location(sarif: dict[str, Any]) -> None:
    (eks,) = [r for r in results_of(sarif, "crossguard") if r["ruleId"] == "eks-private-endpoint"]
    location = eks["locations"][0]
    assert "physicalLocation" not in location
    assert location["logicalLocations"][0]["fullyQualifiedName"] == (
        "urn:pulumi:prod::campus::aws:eks/cluster:Cluster::campus"
    )


def test_waived_findings_are_suppressed_with_the_justification(sarif: dict[str, Any]) -> None:
    suppressed = [r for r in results_of(sarif, "crossguard") if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["dynamodb-pitr"]
    (suppression,) = suppressed[0]["suppressions"]
    assert suppression["kind"] == "external"
    assert suppression["justification"].startswith("Session data is ephemeral (owner platform-team")
    expired = [r for r in results_of(sarif, "crossguard") if r["ruleId"] == "kms-key-rotation"]
    assert expired and "suppressions" not in expired[0]

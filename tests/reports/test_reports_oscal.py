from __future__ import annotations

import json
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.component import ComponentDefinition

TRESTLE = Path(sys.executable).with_name("trestle")


@pytest.fixture(scope="module")
def results(reports: dict[str, Path]) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(reports["oscal-assessment-results"].read_text())["assessment-results"]
    return document


def trestle(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(TRESTLE), *args], cwd=workspace, capture_output=True, text=True, timeout=120)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    if not TRESTLE.exists():
        pytest.skip(f"trestle CLI not found next to {sys.executable}")
    assert trestle(tmp_path, "init").returncode == 0
    return tmp_path


def test_both_documents_pass_trestle_validate(reports: dict[str, Path], workspace: Path) -> None:
    for folder, name in (
        ("assessment-results/gate", "oscal-assessment-results"),
        ("component-definitions/campus", "oscal-component-definition"),
    ):
        (workspace / folder).mkdir(parents=True)
        shutil.copy(reports[name], workspace / folder)
    done = trestle(workspace, "validate", "-a")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("VALID: Model") == 2


def test_trestle_validate_rejects_a_broken_document(reports: dict[str, Path], workspace: Path) -> None:
    document = json.loads(reports["oscal-assessment-results"].read_text())
    result = document["assessment-results"]["results"][0]
    result["observations"][1]["uuid"] = result["observations"][0]["uuid"]
    broken = workspace / "assessment-results" / "broken" / "assessment-results.json"
    broken.parent.mkdir(parents=True)
    broken.write_text(json.dumps(document))
    done = trestle(workspace, "validate", "-f", str(broken.relative_to(workspace)))
    assert done.returncode != 0
    assert "did not pass the Validator to check for duplicate uuids" in done.stdout


def test_documents_load_back_into_the_trestle_models(reports: dict[str, Path]) -> None:
    assert AssessmentResults.oscal_read(reports["oscal-assessment-results"]) is not None
    assert ComponentDefinition.oscal_read(reports["oscal-component-definition"]) is not None


def test_one_result_per_framework_version_with_findings_per_assessed_control(results: dict[str, Any]) -> None:
    by_title = {result["title"]: result for result in results["results"]}
    assert sorted(by_title) == [
        "AWS-FSBP 1.0.0",
        "CIS-AWS-Foundations 1.5.0",
        "CIS-AWS-Foundations 3.0.0",
        "CIS-AWS-Foundations 5.0.0",
        "CIS-Kubernetes 1.10.0",
        "NIST-800-53 rev5",
    ]
    nist = by_title["NIST-800-53 rev5"]
    reviewed = [c["control-id"] for c in nist["reviewed-controls"]["control-selections"][0]["include-controls"]]
    assert "ra-5" in reviewed
    states = {f["target"]["target-id"]: f["target"]["status"] for f in nist["findings"]}
    assert "ra-5_obj" not in states  # not assessed: no resource was in scope
    assert states["sc-28.1_obj"]["state"] == "not-satisfied"
    assert states["cp-9_obj"] == {
        "state": "not-satisfied", "reason": "other", "remarks": states["cp-9_obj"]["remarks"]
    }  # fmt: skip
    assert states["ac-3_obj"]["state"] == "not-satisfied"
    cis = by_title["CIS-AWS-Foundations 3.0.0"]
    assert [f["target"]["target-id"] for f in cis["findings"]] == ["cis-aws-foundations-2.3.1_obj"]
    assert cis["findings"][0]["target"]["status"]["state"] == "satisfied"


def test_findings_point_at_the_observations_that_are_their_evidence(results: dict[str, Any]) -> None:
    for result in results["results"]:
        observations = {o["uuid"]: o for o in result.get("observations", [])}
        for finding in result.get("findings", []):
            for related in finding["related-observations"]:
                assert related["observation-uuid"] in observations
    nist = next(r for r in results["results"] if r["title"] == "NIST-800-53 rev5")
    (s3,) = [f for f in nist["findings"] if f["target"]["target-id"] == "sc-28.1_obj"]
    evidence = [observations_of(nist)[r["observation-uuid"]] for r in s3["related-observations"]]
    assert len(evidence) == 10
    failing = [o for o in evidence if {"name": "result", "ns": o["props"][0]["ns"], "value": "fail"} in o["props"]]
    assert [o["title"] for o in failing] == [
        "s3-default-encryption: urn:pulumi:dev::campus::aws:s3/bucket:Bucket::lab-artifacts"
    ]


def observations_of(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["uuid"]: o for o in result["observations"]}


def test_uuids_are_unique_name_based_uuids(reports: dict[str, Path]) -> None:
    for name in ("oscal-assessment-results", "oscal-component-definition"):
        text = reports[name].read_text()
        found = [value for key, value in iter_pairs(json.loads(text)) if key == "uuid"]
        assert found and len(found) == len(set(found))
        assert {uuid.UUID(value).version for value in found} == {5}


def iter_pairs(node: Any) -> Any:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from iter_pairs(value)
    elif isinstance(node, list):
        for item in node:
            yield from iter_pairs(item)


def test_component_definition_lists_each_engines_rules_per_framework(reports: dict[str, Path]) -> None:
    document = json.loads(reports["oscal-component-definition"].read_text())["component-definition"]
    components = {c["title"]: c for c in document["components"]}
    assert sorted(components) == [
        "campus admission rules",
        "campus ansible-lint rules",
        "campus checkov rules",
        "campus crossguard rules",
    ]
    crossguard = components["campus crossguard rules"]
    sources = {ci["source"] for ci in crossguard["control-implementations"]}
    assert "policies/controls/cis-aws-foundations-5.0.0.yaml" in sources
    assert any(source.endswith("NIST_SP-800-53_rev5_catalog.json") for source in sources)
    nist = next(ci for ci in crossguard["control-implementations"] if ci["source"].endswith(".json"))
    sc_28_1 = next(req for req in nist["implemented-requirements"] if req["control-id"] == "sc-28.1")
    assert sorted(p["value"] for p in sc_28_1["props"]) == [
        "aurora-storage-encrypted",
        "s3-default-encryption",
    ]

"""The platform passes its own gate: every stack and the whole GitOps tree, zero unwaived mandatory findings."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from campus.config.loader import STACKS
from campus.gate.run import GateRequest, GateResult, run_gate
from campus.reports.findings_json import findings_schema
from tests.browser import needs_chromium, opened

SARIF_SCHEMA = Path(__file__).parents[1] / "reports" / "schemas" / "sarif-schema-2.1.0.json"
TRESTLE = Path(sys.executable).with_name("trestle")


@pytest.fixture(scope="module")
def platform_gate(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[GateResult, Path]:
    out = tmp_path_factory.mktemp("gate")
    return run_gate(GateRequest(root=repo_root, out=out, stacks=list(STACKS))), out


def test_no_unwaived_mandatory_finding_fails(platform_gate: tuple[GateResult, Path]) -> None:
    result, _ = platform_gate
    blocking = [f"{f.rule_id} {f.stack} {f.resource}: {f.message}" for f in result.blocking]
    assert blocking == []
    assert result.expired == [] and result.exit_code == 0


def test_every_engine_contributed_evidence(platform_gate: tuple[GateResult, Path]) -> None:
    result, _ = platform_gate
    engines = {f.engine for f in result.findings if f.status == "pass"}
    assert {"crossguard", "admission", "schema", "checkov", "consistency"} <= engines
    assert {f.stack for f in result.findings if f.engine == "crossguard"} == set(STACKS)


def test_learner_lab_gaps_are_visible_as_waived_not_skipped(platform_gate: tuple[GateResult, Path]) -> None:
    result, out = platform_gate
    waived = {(f.rule_id, f.stack) for f in result.findings if f.status == "waived"}
    assert {("CG-EC2-010", "learner-lab"), ("CG-RES-001", "learner-lab"), ("CG-MSK-008", "learner-lab")} <= waived
    html = (out / "report.html").read_text()
    assert "<code>CG-EC2-010</code></td><td class=\"mono\">stack=learner-lab" in html
    assert "the host must use the pre-created LabInstanceProfile" in html


def test_no_waiver_is_stale(platform_gate: tuple[GateResult, Path]) -> None:
    result, _ = platform_gate
    assert [w.id for w in result.unused] == []


def test_findings_json_is_the_documented_schema(platform_gate: tuple[GateResult, Path]) -> None:
    _, out = platform_gate
    doc = json.loads((out / "findings.json").read_text())
    jsonschema.validate(doc, findings_schema(), cls=jsonschema.Draft202012Validator)
    assert doc["summary"]["blocking"] == 0
    assert doc["summary"]["total"] == len(doc["findings"]) > 5000


def test_sarif_of_the_real_run_is_valid_and_located(platform_gate: tuple[GateResult, Path]) -> None:
    _, out = platform_gate
    sarif = json.loads((out / "findings.sarif").read_text())
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(sarif)
    results = [result for run in sarif["runs"] for result in run["results"]]
    assert results and all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in results)


def test_oscal_of_the_real_run_passes_trestle_validate(platform_gate: tuple[GateResult, Path], tmp_path: Path) -> None:
    _, out = platform_gate
    assert subprocess.run([str(TRESTLE), "init"], cwd=tmp_path, capture_output=True, check=False).returncode == 0
    for folder, name in (("assessment-results/gate", "assessment-results.json"),
                         ("component-definitions/campus", "component-definition.json")):
        (tmp_path / folder).mkdir(parents=True)
        shutil.copy(out / "oscal" / name, tmp_path / folder / name)
    done = subprocess.run([str(TRESTLE), "validate", "-a"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("VALID: Model") == 2


@needs_chromium
@pytest.mark.browser
def test_the_real_report_reads_as_passed_with_lab_waivers_and_program_lines(
    platform_gate: tuple[GateResult, Path],
) -> None:
    _, out = platform_gate
    with opened(out / "report.html") as report:
        assert report.text("#verdict") == "Gate PASSED"
        assert report.requests == [(out / "report.html").as_uri()]
        waivers = report.text('[id="waivers"]')
        assert "LabInstanceProfile" in waivers and "2027-06-30" in waivers
        # CrossGuard evidence points at the program line that declared the resource.
        failing = report.text('[id="failing"]')
        assert "modules/encryption.py:" in failing


def test_one_stack_is_gated_on_its_own(repo_root: Path, tmp_path: Path) -> None:
    result = run_gate(GateRequest(root=repo_root, out=tmp_path, stacks=["dev"]))
    assert [f"{f.rule_id} {f.message}" for f in result.blocking] == []
    assert {f.stack for f in result.findings if f.engine == "crossguard"} == {"dev"}
    # Waivers scoped to other stacks are not reported as stale by a run that could not use them.
    assert [w.id for w in result.unused] == []

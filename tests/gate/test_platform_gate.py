"""The platform passes its own gate: every stack and the whole GitOps tree, zero unwaived mandatory findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from campus.config.loader import STACKS
from campus.gate.run import GateRequest, GateResult, run_gate


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
    assert doc["version"] == 1
    keys = {"rule_id", "engine", "status", "severity", "enforcement", "stack", "resource", "file", "line", "message",
            "controls"}
    assert all(keys <= set(f) for f in doc["findings"])
    assert doc["summary"]["blocking"] == 0

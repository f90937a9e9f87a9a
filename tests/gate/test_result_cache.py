"""The result cache returns stored findings only while the tool version and every input byte are unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from campus.findings import Finding
from campus.gate.result_cache import cached_findings, input_digest


def finding(message: str) -> Finding:
    return Finding(rule_id="r", engine="ansible-lint", status="fail", severity="low", enforcement="advisory",
                   resource="playbooks", message=message)


def test_same_inputs_reuse_findings_and_any_change_recomputes(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CAMPUS_GATE_NO_CACHE", raising=False)
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks/site.yml").write_text("- hosts: all\n")
    calls: list[str] = []

    def compute(message: str) -> list[Finding]:
        calls.append(message)
        return [finding(message)]

    def run(message: str, versions: tuple[str, ...] = ("lint==1",)) -> list[Finding]:
        key = input_digest("lint", versions, tmp_path, [tmp_path / "playbooks"])
        return cached_findings(tmp_path, "lint", key, lambda: compute(message))

    assert run("first")[0].message == "first"
    assert run("second")[0].message == "first" and calls == ["first"]
    (tmp_path / "playbooks/site.yml").write_text("- hosts: lab\n")
    assert run("third")[0].message == "third"
    assert run("fourth", versions=("lint==2",))[0].message == "fourth"
    (tmp_path / "playbooks/new.yml").write_text("- hosts: all\n")
    assert run("fifth")[0].message == "fifth"
    monkeypatch.setenv("CAMPUS_GATE_NO_CACHE", "1")
    assert run("sixth")[0].message == "sixth"
    assert calls == ["first", "third", "fourth", "fifth", "sixth"]

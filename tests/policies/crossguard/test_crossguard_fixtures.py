"""Every rule's fail fixture fails and its pass fixture passes, through the same runner path as a stack."""

from __future__ import annotations

import pytest

from campus.analyses.crossguard import pack_rules, run_pack
from campus.analyses.crossguard_fixtures import FIXTURES_DIR, fixture_graph, fixture_paths, load_fixture
from campus.findings import Finding

RULES = {meta.id: meta for meta in pack_rules()}


def _findings_of(rule_id: str, case: str) -> list[Finding]:
    path = fixture_paths(rule_id)[case]
    fixture = load_fixture(path)
    return [f for f in run_pack(fixture_graph(path), fixture.config) if f.rule_id == rule_id]


def test_every_rule_has_both_fixtures_and_no_fixture_is_orphaned() -> None:
    folders = {p.name for p in FIXTURES_DIR.iterdir() if p.is_dir()}
    assert folders == set(RULES)
    for rule_id in RULES:
        assert all(path.is_file() for path in fixture_paths(rule_id).values()), rule_id


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_fail_fixture_fails(rule_id: str) -> None:
    findings = _findings_of(rule_id, "fail")
    failures = [f for f in findings if f.status == "fail"]
    assert failures, f"{rule_id}: fail fixture produced {[(f.status, f.message) for f in findings]}"
    for failure in failures:
        # A real violation, not a rule that could not run.
        assert not failure.message.startswith("not evaluated")
        assert failure.enforcement == RULES[rule_id].enforcement
        assert failure.severity == RULES[rule_id].severity
        assert failure.controls == list(RULES[rule_id].controls)
        assert failure.engine == "crossguard" and failure.stack == "fixture"
        assert failure.resource.startswith("urn:pulumi:fixture::campus::")


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_pass_fixture_passes(rule_id: str) -> None:
    findings = _findings_of(rule_id, "pass")
    assert findings, f"{rule_id}: the rule did not apply to its pass fixture"
    assert {f.status for f in findings} == {"pass"}, [f.message for f in findings if f.status != "pass"]
    assert all(f.message.endswith(": compliant") for f in findings)

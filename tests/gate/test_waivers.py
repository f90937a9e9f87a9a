"""Waivers: matched findings become `waived` with their owner and expiry; expired ones waive nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from campus.errors import CampusInputError
from campus.findings import Finding
from campus.gate.waivers import WaiverEntry, apply_waivers, check_waiver_rules, load_waivers


def finding(rule: str, stack: str | None, resource: str, status: str = "fail") -> Finding:
    return Finding(rule_id=rule, engine="crossguard", status=status, severity="high",  # type: ignore[arg-type]
                   enforcement="mandatory", stack=stack, resource=resource, message="m")


def waiver(**overrides: object) -> WaiverEntry:
    data = {"id": "W-001", "rule": "CG-DDB-003", "match": {"stack": "dev"}, "owner": "platform-team",
            "reason": "dev is disposable and holds synthetic data only", "expires": date(2027, 1, 31)}
    data.update(overrides)
    return WaiverEntry.model_validate(data)


def test_matching_failures_are_waived_with_owner_and_expiry() -> None:
    findings = [finding("CG-DDB-003", "dev", "urn:a"), finding("CG-DDB-003", "prod", "urn:b"),
                finding("CG-DDB-003", "dev", "urn:c", status="pass")]
    outcome = apply_waivers(findings, [waiver()], date(2026, 11, 22))
    assert [f.status for f in outcome.findings] == ["waived", "fail", "pass"]
    assert outcome.findings[0].waiver == {"id": "W-001", "owner": "platform-team", "expires": "2027-01-31",
                                          "reason": "dev is disposable and holds synthetic data only"}
    assert not outcome.findings[0].blocks and outcome.findings[1].blocks
    assert outcome.expired == [] and outcome.unused == []


def test_resource_globs_narrow_a_waiver() -> None:
    w = waiver(match={"resource": "*tables-users"})
    outcome = apply_waivers([finding("CG-DDB-003", "dev", "urn:x::tables-users"),
                             finding("CG-DDB-003", "dev", "urn:x::tables-chat")], [w], date(2026, 11, 22))
    assert [f.status for f in outcome.findings] == ["waived", "fail"]


def test_an_expired_waiver_waives_nothing_and_is_reported() -> None:
    outcome = apply_waivers([finding("CG-DDB-003", "dev", "urn:a")], [waiver(expires=date(2026, 11, 1))],
                            date(2026, 11, 22))
    assert outcome.findings[0].status == "fail"
    assert [w.id for w in outcome.expired] == ["W-001"]


def test_a_waiver_matching_nothing_is_reported_unused() -> None:
    outcome = apply_waivers([finding("CG-S3-001", "dev", "urn:a")], [waiver()], date(2026, 11, 22))
    assert [w.id for w in outcome.unused] == ["W-001"]


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies/waivers.yaml").write_text(text)
    return tmp_path


@pytest.mark.parametrize(("body", "expected"), [
    ("version: 1\nwaivers:\n  - {id: W-001, rule: X, reason: short, owner: me, expires: 2027-01-01}\n",
     "policies/waivers.yaml: waivers[0].reason: "),
    ("version: 1\nwaivers:\n  - {id: W-001, rule: X, reason: a long enough reason here, owner: me, expires: soon}\n",
     "policies/waivers.yaml: waivers[0].expires: "),
    ("version: 1\nwaivers:\n  - {id: W-001, rule: X, reason: a long enough reason here, owner: me,"
     " expires: 2027-13-45}\n",
     "policies/waivers.yaml: line 3: malformed YAML (invalid timestamp '2027-13-45': month must be in 1..12)"),
    ("version: 1\nwaivers:\n  - {id: W-001, rule: X, reason: a long enough reason here, owner: me,"
     " expires: 2027-01-01, match: {namespace: x}}\n", "policies/waivers.yaml: waivers[0].match.namespace: "),
    ("version: 1\nwaivers:\n  - {id: W-001, rule: X, reason: a long enough reason here, owner: me, expires: 2027-01-01}"
     "\n  - {id: W-001, rule: Y, reason: a long enough reason here, owner: me, expires: 2027-01-01}\n",
     "policies/waivers.yaml: waivers[1].id: waiver id W-001 is used twice"),
])
def test_bad_waiver_files_name_the_key(tmp_path: Path, body: str, expected: str) -> None:
    root = write(tmp_path, body)
    with pytest.raises(CampusInputError) as err:
        load_waivers(root)
    assert str(err.value).startswith(expected)


def test_shipped_waivers_load_and_all_have_owners_and_future_expiry(repo_root: Path) -> None:
    waivers = load_waivers(repo_root)
    assert {w.rule for w in waivers} >= {"CG-EC2-010", "CG-RES-001", "CG-MSK-008"}  # Learner Lab's gaps
    assert all(w.expires > date(2026, 11, 22) and w.owner for w in waivers)


def test_a_waiver_for_a_rule_no_engine_has_is_bad_input() -> None:
    known = {"CG-DDB-003"}
    check_waiver_rules([waiver(), waiver(id="W-002", rule="ansible-lint:no-changed-when")], known)
    expected = r"^policies/waivers.yaml: waivers\[1\].rule: no engine has rule CG-NOPE-9"
    with pytest.raises(CampusInputError, match=expected):
        check_waiver_rules([waiver(), waiver(id="W-002", rule="CG-NOPE-9")], known)


def test_a_waiver_scoped_to_another_stack_is_not_stale_in_a_run_without_it() -> None:
    lab = waiver(match={"stack": "learner-lab"})
    assert not lab.could_match_stacks(["dev"])
    assert lab.could_match_stacks(["dev", "learner-lab"]) and waiver(match={}).could_match_stacks(["dev"])
    assert waiver(match={"stack": "*"}).could_match_stacks(["prod"])

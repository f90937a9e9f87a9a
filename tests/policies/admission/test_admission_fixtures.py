"""Each admission rule denies its fail fixture and admits its pass fixture, through `admission.evaluate`."""

from __future__ import annotations

import re

import pytest

from campus.controls import unknown_controls
from campus.k8s.admission import evaluate, matches
from campus.k8s.rules import ADMISSION_DIR, AdmissionRule, shipped_rules
from campus.k8s.schema import schema_rules
from campus.manifests import load_files

RULES = shipped_rules()
ALLOWED_CONTROLS = {("CIS-Kubernetes", "1.10.0"), ("NIST-800-53", "rev5")}


def fixture(rule: AdmissionRule, name: str):
    return load_files([ADMISSION_DIR / rule.folder / name], ADMISSION_DIR)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.spec.id)
def test_fail_fixture_denies_every_matching_object(rule: AdmissionRule) -> None:
    manifests = fixture(rule, "fail.yaml")
    applicable = {m.resource_id for m in manifests if matches(rule, m)}
    denied = {f.resource for f in evaluate(manifests) if f.rule_id == rule.spec.id and f.status == "fail"}
    assert applicable, "the fail fixture has no object the rule applies to"
    assert denied == applicable


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.spec.id)
def test_pass_fixture_is_admitted_by_every_rule(rule: AdmissionRule) -> None:
    manifests = fixture(rule, "pass.yaml")
    findings = evaluate(manifests)
    failures = [(f.rule_id, f.resource, f.message) for f in findings if f.status == "fail"]
    admitted = {f.resource for f in findings if f.rule_id == rule.spec.id and f.status == "pass"}
    assert failures == []
    assert admitted == {m.resource_id for m in manifests if matches(rule, m)}
    assert admitted


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.spec.id)
def test_rule_metadata_is_complete(rule: AdmissionRule) -> None:
    spec = rule.spec
    assert all(text.strip() for text in (spec.title, spec.description, spec.remediation))
    assert spec.enforcement == ("mandatory" if spec.severity in ("critical", "high") else "advisory")
    assert {(c.framework, c.version) for c in spec.controls} <= ALLOWED_CONTROLS
    for control in spec.controls:
        pattern = r"^\d+(\.\d+)+$" if control.framework == "CIS-Kubernetes" else r"^[a-z]{2}-\d+(\.\d+)?$"
        assert re.match(pattern, control.id), control
    assert any(c.framework == "NIST-800-53" for c in spec.controls)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.spec.id)
def test_rego_is_v1_in_its_own_package(rule: AdmissionRule) -> None:
    package = rule.package_path.replace("/", ".")
    assert re.search(rf"^package {re.escape(package)}$", rule.rego, re.MULTILINE)
    assert "import rego.v1" in rule.rego
    assert "violation contains" in rule.rego
    assert "violation[" not in rule.rego


def test_rule_ids_and_constraint_kinds_are_unique() -> None:
    assert len({rule.spec.id for rule in RULES}) == len(RULES)
    assert len({rule.spec.kind.lower() for rule in RULES}) == len(RULES)


def test_every_rule_folder_has_both_fixtures() -> None:
    folders = {path.parent.name for path in ADMISSION_DIR.glob("*/src.rego")}
    assert folders == {rule.folder for rule in RULES}
    for rule in RULES:
        assert (ADMISSION_DIR / rule.folder / "fail.yaml").is_file()
        assert (ADMISSION_DIR / rule.folder / "pass.yaml").is_file()


def test_every_control_reference_is_in_the_catalog() -> None:
    refs = [control for rule in RULES for control in rule.spec.controls]
    refs += [control for rule in schema_rules() for control in rule.controls]
    assert unknown_controls(refs) == []

"""Rule metadata: complete, unique, mapped to catalogued controls, and what pulumi-policy reports for the pack."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pulumi.runtime.proto import analyzer_pb2 as proto
from pulumi_policy import EnforcementLevel
from pulumi_policy.policy import _PolicyAnalyzerServicer

from campus.analyses.crossguard import pack_rules
from campus.analyses.crossguard_pack import PACK_DIR, pack_contents, pack_name
from campus.controls import unknown_controls

RULE_ID = re.compile(r"^CG-[A-Z0-9]+-\d{3}$")
NIST_ID = re.compile(r"^[a-z]{2}-\d+(\.\d+)?$")
FRAMEWORK_VERSIONS = {
    "NIST-800-53": {"rev5"},
    "CIS-AWS-Foundations": {"1.5.0", "3.0.0", "5.0.0"},
    "AWS-FSBP": {"1.0.0"},
    "CIS-Kubernetes": {"1.10.0"},
    "CIS-EKS": {"1.5.0"},
}


def test_pack_has_at_least_forty_rules_with_unique_ids() -> None:
    ids = [meta.id for meta in pack_rules()]
    assert len(ids) >= 40
    assert len(ids) == len(set(ids))
    assert all(RULE_ID.match(rule_id) for rule_id in ids), ids


def test_metadata_is_complete() -> None:
    for meta in pack_rules():
        for field in (meta.title, meta.description, meta.remediation):
            assert field.strip(), meta.id
        assert meta.severity in ("critical", "high", "medium", "low")
        assert meta.enforcement in ("mandatory", "advisory")
        assert any(c.framework == "NIST-800-53" for c in meta.controls), f"{meta.id} maps to no NIST control"
        for control in meta.controls:
            assert control.version in FRAMEWORK_VERSIONS[control.framework], control
            if control.framework == "NIST-800-53":
                assert NIST_ID.match(control.id), control


def test_every_rule_names_the_properties_it_reads() -> None:
    for rule in pack_contents():
        assert rule.properties and all(p.strip() for p in rule.properties), rule.meta.id


def test_every_control_reference_resolves_in_the_catalog() -> None:
    refs = [control for meta in pack_rules() for control in meta.controls]
    assert unknown_controls(refs) == []


def test_coverage_spans_the_platform_services() -> None:
    areas = {meta.id.split("-")[1] for meta in pack_rules()}
    assert {"S3", "KMS", "DDB", "RDS", "MSK", "EKS", "EC2", "SG", "IAM", "LOG", "ECR", "BR", "TAG", "STK"} <= areas
    kinds = {rule.kind for rule in pack_contents()}
    assert kinds == {"resource", "stack"}


def test_pulumi_policy_reports_the_same_metadata() -> None:
    """What `pulumi preview --policy-pack` learns from GetAnalyzerInfo matches campus's RuleMeta."""
    servicer = _PolicyAnalyzerServicer(
        pack_name(), "0.1.0", [r.policy for r in pack_contents()], EnforcementLevel.ADVISORY
    )
    info = {p.name: p for p in servicer.GetAnalyzerInfo(None, None).policies}
    levels = {"mandatory": proto.MANDATORY, "advisory": proto.ADVISORY}
    severities = {
        "critical": proto.POLICY_SEVERITY_CRITICAL,
        "high": proto.POLICY_SEVERITY_HIGH,
        "medium": proto.POLICY_SEVERITY_MEDIUM,
        "low": proto.POLICY_SEVERITY_LOW,
    }
    assert set(info) == {meta.id for meta in pack_rules()}
    for meta in pack_rules():
        policy = info[meta.id]
        assert policy.displayName == meta.title
        assert policy.description == meta.description
        assert policy.remediation_steps == meta.remediation
        assert policy.enforcementLevel == levels[meta.enforcement]
        assert policy.severity == severities[meta.severity]
        assert list(policy.tags) == [f"{c.framework}:{c.version}:{c.id}" for c in meta.controls]


def test_pack_project_is_a_self_contained_python_pack() -> None:
    project = yaml.safe_load((PACK_DIR / "PulumiPolicy.yaml").read_text())
    assert project["runtime"]["name"] == "python"
    requirements = (PACK_DIR / "requirements.txt").read_text()
    assert "pulumi-policy" in requirements
    for source in Path(PACK_DIR).rglob("*.py"):
        text = source.read_text()
        assert not re.search(r"^\s*(from|import) campus\b", text, re.M), f"{source} imports campus"


def test_readme_lists_every_rule_with_its_current_title() -> None:
    readme = (PACK_DIR / "README.md").read_text()
    for meta in pack_rules():
        assert f"| {meta.id} | {meta.title} | {meta.severity} | {meta.enforcement} |" in readme, meta.id

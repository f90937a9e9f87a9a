"""The checked-in Gatekeeper files are exactly what `python -m campus.k8s.gatekeeper` generates, and well formed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from campus.k8s import gatekeeper
from campus.k8s.rules import load_match_defaults, shipped_rules
from campus.k8s.schema import validate
from campus.manifests import load_files

KUBECTL = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "kubectl"
RENDERED = gatekeeper.render()


def test_checked_in_files_match_the_generator() -> None:
    assert gatekeeper.stale_files() == [], "run: python -m campus.k8s.gatekeeper"


def test_check_mode_reports_edits_and_extra_files(tmp_path: Path) -> None:
    gatekeeper.write(tmp_path)
    assert gatekeeper.stale_files(tmp_path) == []
    (tmp_path / "constraints" / "privileged.yaml").write_text("edited\n")
    (tmp_path / "templates" / "orphan.yaml").write_text("{}\n")
    assert gatekeeper.stale_files(tmp_path) == ["constraints/privileged.yaml", "templates/orphan.yaml"]
    gatekeeper.write(tmp_path)
    assert gatekeeper.stale_files(tmp_path) == []


@pytest.mark.parametrize("rule", shipped_rules(), ids=lambda rule: rule.spec.id)
def test_template_and_constraint_carry_the_rule(rule) -> None:
    template = yaml.safe_load(RENDERED[f"templates/{rule.folder}.yaml"])
    constraint = yaml.safe_load(RENDERED[f"constraints/{rule.folder}.yaml"])
    assert template["metadata"]["name"] == rule.spec.kind.lower()
    assert template["spec"]["crd"]["spec"]["names"]["kind"] == constraint["kind"] == rule.spec.kind
    [code] = template["spec"]["targets"][0]["code"]
    assert code["engine"] == "Rego"
    assert code["source"]["version"] == "v1"
    assert code["source"]["rego"] == rule.rego
    assert code["source"]["libs"][0].startswith("# Shared helpers")
    assert constraint["spec"]["enforcementAction"] == {"mandatory": "deny", "advisory": "warn"}[rule.spec.enforcement]
    matched = {kind for entry in constraint["spec"]["match"]["kinds"] for kind in entry["kinds"]}
    assert matched == set(rule.kinds)
    assert constraint["spec"]["match"]["excludedNamespaces"] == list(load_match_defaults().excluded_namespaces)


def test_config_syncs_what_referential_rules_read() -> None:
    config = yaml.safe_load(RENDERED["config.yaml"])
    synced = {(k["group"], k["version"], k["kind"]) for k in config["spec"]["sync"]["syncOnly"]}
    assert ("networking.k8s.io", "v1", "NetworkPolicy") in synced
    assert ("policy", "v1", "PodDisruptionBudget") in synced
    assert ("autoscaling", "v2", "HorizontalPodAutoscaler") in synced
    assert (config["metadata"]["name"], config["metadata"]["namespace"]) == ("config", "gatekeeper-system")


def test_generated_objects_pass_strict_schema_validation() -> None:
    paths = [p for p in sorted(gatekeeper.OUTPUT_DIR.rglob("*.yaml")) if p.name != "kustomization.yaml"]
    findings = validate(load_files(paths, gatekeeper.OUTPUT_DIR))
    assert len(findings) == 2 * len(shipped_rules()) + 1
    assert [f.message for f in findings if f.status == "fail"] == []


def test_kustomize_builds_the_folder() -> None:
    built = subprocess.run([str(KUBECTL), "kustomize", str(gatekeeper.OUTPUT_DIR)],
                           check=True, capture_output=True, text=True).stdout
    kinds = [doc["kind"] for doc in yaml.safe_load_all(built)]
    assert kinds.count("ConstraintTemplate") == len(shipped_rules())
    assert kinds.count("Config") == 1
    assert len(kinds) == 2 * len(shipped_rules()) + 1


def test_check_command_exits_zero_when_up_to_date() -> None:
    assert gatekeeper.main(["--check"]) == 0

"""checkov through campus's real runner: custom checks' fixtures, and one tree per framework, in ONE scan.

The first run builds tools/checkov/.venv from its lock (`uv sync`, ~20 s cold); later runs reuse it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from campus.analyses.checkov import CUSTOM_CHECKS_DIR, CheckovTarget, checkov_cli_commands, run_checkov
from campus.analyses.checkov_mapping import load_mapping
from campus.findings import Finding
from campus.manifests import load_files

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
REPO = HERE.parents[2]
CUSTOM_FIXTURES = REPO / "policies" / "checkov" / "fixtures"
CUSTOM_CHECK_IDS = sorted(
    re.findall(
        r'id="(CKV_CAMPUS_[A-Z0-9_]+)"', "".join(p.read_text() for p in CUSTOM_CHECKS_DIR.glob("*.py"))
    )
)
# Built at run time so the repository itself carries no secret-shaped strings for its own secrets scan.
FAKE_AWS_KEY_ID = "AKIA" + "QX7RZ2LMN4PT6VWY"


def _secrets_tree(root: Path) -> Path:
    tree = root / "repo"
    leaked = f'aws_access_key_id: "{FAKE_AWS_KEY_ID}"\n'
    waived = f'example_key_id: "{FAKE_AWS_KEY_ID}"  # checkov:skip=CKV_SECRET_2: documented example value\n'
    for folder in ("config", "out", ".venv/lib", "tools/checkov/.venv/lib", ".cache", "policies/fixtures"):
        (tree / folder).mkdir(parents=True)
        (tree / folder / "settings.yml").write_text(leaked)
    (tree / "docs").mkdir()
    (tree / "docs" / "example.yml").write_text(waived)
    return tree


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Finding]]:
    """Findings of one run_checkov call over every tree below, grouped by the tree they came from."""
    tmp = tmp_path_factory.mktemp("checkov")
    workflows = tmp / "gha" / ".github" / "workflows"
    workflows.mkdir(parents=True)
    shutil.copy(FIXTURES / "github_actions" / "ci.yml", workflows / "ci.yml")
    targets = {
        "custom": CheckovTarget("kubernetes", CUSTOM_FIXTURES),
        "kubernetes": CheckovTarget("kubernetes", FIXTURES / "kubernetes", stack="dev"),
        "ansible": CheckovTarget("ansible", FIXTURES / "ansible"),
        "github_actions": CheckovTarget("github_actions", workflows),
        "secrets": CheckovTarget("secrets", _secrets_tree(tmp), skip=("policies/fixtures",)),
        "repo_workflows": CheckovTarget("github_actions", REPO / ".github" / "workflows"),
    }
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in run_checkov(list(targets.values()), root=REPO):
        path = REPO / (finding.file or "")  # relative to REPO, or absolute outside it
        owner = next(name for name, target in targets.items() if path.is_relative_to(target.path))
        grouped[owner].append(finding)
    return grouped


def _results(findings: list[Finding], rule_id: str, file_suffix: str) -> dict[str, str]:
    return {
        f.resource: f.status
        for f in findings
        if f.rule_id == rule_id and (f.file or "").endswith(file_suffix)
    }


def test_custom_checks_are_found() -> None:
    assert len(CUSTOM_CHECK_IDS) >= 8
    assert sorted({*CUSTOM_CHECK_IDS}) == CUSTOM_CHECK_IDS, "a custom check id is used twice"


@pytest.mark.parametrize("check_id", CUSTOM_CHECK_IDS)
def test_custom_check_fails_every_object_of_its_must_fail_fixture(
    scan: dict[str, list[Finding]], check_id: str
) -> None:
    fixture = CUSTOM_FIXTURES / check_id / "fail.yaml"
    expected = {m.resource_id: "fail" for m in load_files([fixture], root=REPO)}
    assert _results(scan["custom"], check_id, f"{check_id}/fail.yaml") == expected


@pytest.mark.parametrize("check_id", CUSTOM_CHECK_IDS)
def test_custom_check_passes_every_object_of_its_must_pass_fixture(
    scan: dict[str, list[Finding]], check_id: str
) -> None:
    fixture = CUSTOM_FIXTURES / check_id / "pass.yaml"
    expected = {m.resource_id: "pass" for m in load_files([fixture], root=REPO)}
    assert _results(scan["custom"], check_id, f"{check_id}/pass.yaml") == expected


@pytest.mark.parametrize("check_id", CUSTOM_CHECK_IDS)
def test_custom_check_is_mapped(check_id: str) -> None:
    assert check_id in load_mapping().checks


def test_kubernetes_fixture_yields_the_expected_mapped_findings(scan: dict[str, list[Finding]]) -> None:
    findings = scan["kubernetes"]
    shown = "tests/policies/checkov/fixtures/kubernetes/learn-dev.yaml"
    grader = f"{shown}#Deployment/learn/grader"
    failing = {(f.rule_id, f.resource) for f in findings if f.status == "fail"}
    pod_security = {
        "CKV_K8S_16",
        "CKV_K8S_19",
        "CKV_K8S_20",
        "CKV_K8S_23",
        "CKV_K8S_27",
        "CKV_K8S_31",
        "CKV_K8S_37",
        "CKV_CAMPUS_K8S_1",
        "CKV_CAMPUS_K8S_8",
        "CKV2_K8S_6",
    }
    assert {(rule, grader) for rule in pod_security} <= failing
    role = f"{shown}#Role/learn/grader.runner"
    assert {("CKV_K8S_49", role), ("CKV_K8S_157", role), ("CKV_K8S_158", role)} <= failing
    portal = {rule for rule, resource in failing if resource.endswith("/portal")}
    assert portal == {"CKV_K8S_43"}, "the hardened workload fails only the check its annotation tries to skip"

    privileged = next(f for f in findings if f.rule_id == "CKV_K8S_16" and f.resource == grader)
    assert {f.stack for f in findings} == {"dev"}
    assert (privileged.engine, privileged.severity, privileged.enforcement) == (
        "checkov",
        "critical",
        "mandatory",
    )
    assert (privileged.file, privileged.line) == (shown, 58)
    assert {str(c) for c in privileged.controls} == {
        "NIST-800-53 rev5 ac-6",
        "NIST-800-53 rev5 sc-39",
        "CIS-Kubernetes 1.10.0 5.2.2",
    }
    assert privileged.blocks


def test_kubernetes_skip_annotation_waives_nothing_and_says_so(scan: dict[str, list[Finding]]) -> None:
    skipped = [f for f in scan["kubernetes"] if "inline checkov skip" in f.message]
    assert [(f.rule_id, f.resource.rsplit("#", 1)[1], f.status) for f in skipped] == [
        ("CKV_K8S_43", "Deployment/learn/portal", "fail")
    ]
    assert "images are pinned by tag and verified by the admission policy" in skipped[0].message
    assert "policies/waivers.yaml" in skipped[0].message
    assert skipped[0].waiver is None and skipped[0].blocks == (skipped[0].enforcement == "mandatory")
    assert not [f for f in scan["kubernetes"] if f.status == "waived"]


def test_ansible_fixture_findings(scan: dict[str, list[Finding]]) -> None:
    failing = {
        (f.rule_id, f.resource.split("#", 1)[1], f.line) for f in scan["ansible"] if f.status == "fail"
    }
    assert failing == {
        ("CKV_ANSIBLE_2", "tasks.ansible.builtin.get_url.Download the exercise bundle", 6),
        ("CKV2_ANSIBLE_2", "tasks.ansible.builtin.get_url.Download the exercise bundle", 6),
        ("CKV_ANSIBLE_5", "tasks.ansible.builtin.apt.Install the grader package", 13),
    }
    https_uri = [f for f in scan["ansible"] if f.rule_id == "CKV2_ANSIBLE_1"]
    assert https_uri and all(f.status == "pass" for f in https_uri)


def test_github_actions_fixture_findings(scan: dict[str, list[Finding]]) -> None:
    failing = {(f.rule_id, f.severity, f.enforcement) for f in scan["github_actions"] if f.status == "fail"}
    assert failing == {("CKV2_GHA_1", "high", "mandatory"), ("CKV_GHA_2", "high", "mandatory")}


def test_secrets_scan_skips_environments_output_and_given_paths_and_reports_skip_comments(
    scan: dict[str, list[Finding]],
) -> None:
    by_file = {(f.file or "").split("/repo/", 1)[1]: f for f in scan["secrets"]}
    assert sorted(by_file) == ["config/settings.yml", "docs/example.yml"]
    leaked, example = by_file["config/settings.yml"], by_file["docs/example.yml"]
    assert (leaked.rule_id, leaked.status, leaked.severity, leaked.line) == (
        "CKV_SECRET_2",
        "fail",
        "critical",
        1,
    )
    assert FAKE_AWS_KEY_ID not in leaked.resource + leaked.message, "findings must not repeat the secret"
    assert (example.rule_id, example.status, example.waiver) == ("CKV_SECRET_2", "fail", None)
    assert "inline checkov skip is not a waiver (its reason: documented example value)" in example.message


def test_every_check_failing_on_the_fixtures_is_mapped(scan: dict[str, list[Finding]]) -> None:
    failing = {f.rule_id for findings in scan.values() for f in findings if f.status == "fail"}
    unmapped = load_mapping().unmapped_check_ids(failing)
    assert unmapped == [], f"map these checkov ids in policies/checkov/mapping.yaml: {unmapped}"


def test_the_repository_workflows_pass_every_checkov_check(scan: dict[str, list[Finding]]) -> None:
    results = scan["repo_workflows"]
    assert {f.file for f in results} >= {".github/workflows/preview.yml"}
    assert [(f.rule_id, f.resource) for f in results if f.status != "pass"] == []


@pytest.mark.parametrize("workflow", sorted((REPO / ".github" / "workflows").glob("*.yml")), ids=lambda p: p.name)
def test_the_repository_workflows_pin_actions_and_grant_nothing_by_default(workflow: Path) -> None:
    text = workflow.read_text()
    assert yaml.safe_load(text)["permissions"] == {}
    uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", text, flags=re.MULTILINE)
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), f"{action} is not pinned to a commit"
        assert re.search(r"# v\d+\.\d+\.\d+", comment), f"{action} does not say which release it is"


def test_the_stock_cli_command_scans_what_the_runner_scans(scan: dict[str, list[Finding]]) -> None:
    """bench/gate.py times checkov alone with these commands: they must do the same work as the gate."""
    [command] = checkov_cli_commands([CheckovTarget("kubernetes", FIXTURES / "kubernetes")])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr[-500:]  # the CLI's "some check failed"
    report = json.loads(done.stdout)
    cli_failed = {(r["check_id"], r["file_line_range"][0]) for r in report["results"]["failed_checks"]}
    # The CLI honours inline skips (and --quiet hides them); campus reports them as failures.
    skipped = {(f.rule_id, f.line) for f in scan["kubernetes"] if "inline checkov skip" in f.message}
    assert cli_failed | skipped == {(f.rule_id, f.line) for f in scan["kubernetes"] if f.status == "fail"}
    assert report["summary"]["skipped"] == len(skipped) == 1

"""`campus gate` as CI meets it: exit codes, bad input, reports written, waivers honoured."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., tuple[int, str, str]]

PRIVILEGED = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:latest
          securityContext: {privileged: true}
"""


def manifests_dir(tmp_path: Path, text: str = PRIVILEGED, name: str = "deploy.yaml") -> Path:
    folder = tmp_path / "manifests"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return folder


def test_a_privileged_latest_image_fails_the_gate_with_located_findings(run_cli: Cli, tmp_path: Path) -> None:
    folder = manifests_dir(tmp_path)
    code, out, err = run_cli("gate", "--manifests", str(folder), "--out", str(tmp_path / "out"),
                             "--format", "json", cwd=tmp_path)
    assert code == 1, err
    assert json.loads(out)["passed"] is False
    findings = json.loads((tmp_path / "out/findings.json").read_text())["findings"]
    failing = {(f["engine"], f["rule_id"]) for f in findings if f["status"] == "fail"}
    assert ("admission", "K8S-PSS-003") in failing or any(r.startswith("K8S-PSS") for _, r in failing)
    assert any(engine == "checkov" for engine, _ in failing)
    assert any(engine == "schema" for engine, _ in {(f["engine"], f["status"]) for f in findings})
    privileged = next(f for f in findings if f["status"] == "fail" and f["engine"] == "admission")
    assert privileged["file"] == "manifests/deploy.yaml" and privileged["line"] == 1
    assert privileged["resource"] == "manifests/deploy.yaml#Deployment/shop/web"
    for report in ("report.html", "report.md", "findings.csv", "findings.sarif", "junit.xml",
                   "oscal/assessment-results.json", "oscal/component-definition.json"):
        assert (tmp_path / "out" / report).is_file(), report


def test_a_waiver_turns_a_failure_into_waived_and_an_expired_one_fails_again(run_cli: Cli, tmp_path: Path) -> None:
    folder = manifests_dir(tmp_path)
    run_cli("gate", "--manifests", str(folder), "--out", str(tmp_path / "first"), cwd=tmp_path)
    first = json.loads((tmp_path / "first/findings.json").read_text())["findings"]
    blocking = sorted({(f["rule_id"], f["engine"]) for f in first if f["status"] == "fail"
                       and f["enforcement"] == "mandatory"})
    entries = "".join(
        f"  - {{id: W-{i:03d}, rule: {rule}, match: {{engine: {engine}}}, owner: shop-team, expires: 2999-01-01,"
        f" reason: accepted while the shop migrates to restricted pods}}\n" for i, (rule, engine) in
        enumerate(blocking, 1))
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies/waivers.yaml").write_text("version: 1\nwaivers:\n" + entries)
    code, _, err = run_cli("gate", "--manifests", str(folder), "--out", str(tmp_path / "second"), cwd=tmp_path)
    assert code == 0, err
    second = json.loads((tmp_path / "second/findings.json").read_text())["findings"]
    assert {f["rule_id"] for f in second if f["status"] == "waived"} == {r for r, _ in blocking}

    (tmp_path / "policies/waivers.yaml").write_text(
        "version: 1\nwaivers:\n" + entries.replace("2999-01-01", "2020-01-01", 1))
    code, out, _ = run_cli("gate", "--manifests", str(folder), "--out", str(tmp_path / "third"), cwd=tmp_path)
    assert code == 1
    assert "waiver W-001" in out and "expired on 2020-01-01" in out


@pytest.mark.parametrize(("content", "expected"), [
    ("kind: Deployment\nmetadata: {name: x\n", "campus: manifests/deploy.yaml: line "),
    ("apiVersion: example.com/v1\nkind: Gizmo\nmetadata: {name: g}\n", "campus: manifests/deploy.yaml"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata: foo\n", "campus: manifests/deploy.yaml: metadata: must be a mapping"),
])
def test_malformed_yaml_and_unknown_kinds_are_bad_input(run_cli: Cli, tmp_path: Path, content: str,
                                                        expected: str) -> None:
    folder = manifests_dir(tmp_path, content)
    code, _, err = run_cli("gate", "--manifests", str(folder), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert code == 2
    assert err.startswith(expected) and err.count("\n") == 1
    assert not (tmp_path / "out/report.html").exists()


def pulumi_project(tmp_path: Path, name: str, program: str) -> Path:
    """A one-stack (`ci`) Pulumi Python project in tmp_path/<name>."""
    project = tmp_path / name
    project.mkdir()
    (project / "Pulumi.yaml").write_text(f"name: {name}\nruntime: python\n")
    (project / "__main__.py").write_text(program)
    (project / "Pulumi.ci.yaml").write_text("config: {}\n")
    return project


def test_a_broken_pulumi_project_is_bad_input(run_cli: Cli, tmp_path: Path) -> None:
    project = pulumi_project(tmp_path, "broken", "import pulumi\nundefined_name\n")
    code, _, err = run_cli("gate", "--project", str(project), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert code == 2
    # Named from where the command ran, so the folder given to --project shows.
    expected = "campus: broken/__main__.py: the program failed: NameError: name 'undefined_name' is not defined"
    assert err.strip() == expected


def test_another_pulumi_project_is_gated_by_the_same_pack(run_cli: Cli, tmp_path: Path) -> None:
    project = tmp_path / "side"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: side\nruntime: python\n")
    (project / "__main__.py").write_text(textwrap.dedent("""
        import pulumi_aws as aws
        aws.dynamodb.Table("t", hash_key="id", attributes=[{"name": "id", "type": "S"}],
                           billing_mode="PAY_PER_REQUEST")
    """))
    (project / "Pulumi.ci.yaml").write_text("config:\n  aws:region: us-east-1\n")
    code, _, err = run_cli("gate", "--project", str(project), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert code == 1, err
    findings = json.loads((tmp_path / "out/findings.json").read_text())["findings"]
    failing = {f["rule_id"] for f in findings if f["status"] == "fail"}
    assert {"CG-DDB-001", "CG-DDB-003"} <= failing
    assert all(f["stack"] == "ci" for f in findings if f["engine"] == "crossguard")


@pytest.mark.parametrize(("args", "expected"), [
    ([], "campus: --all: give one of --stack S, --all, --project DIR or --manifests DIR"),
    (["--all", "--manifests", "apps"], "campus: --stack/--all and --manifests: give one of"),
    (["--stack", "nope"], "campus: stacks/Pulumi.nope.yaml: no such stack"),
    (["--manifests", "does-not-exist"], "campus: does-not-exist: --manifests: not a folder"),
])
def test_bad_flags(run_cli: Cli, args: list[str], expected: str, tmp_path: Path) -> None:
    code, _, err = run_cli("gate", *args, "--out", str(tmp_path / "out"))
    assert code == 2
    assert err.startswith(expected), err


def test_bad_input_found_late_leaves_out_as_it_was(run_cli: Cli, tmp_path: Path) -> None:
    folder = manifests_dir(tmp_path)
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies/waivers.yaml").write_text(
        "version: 1\nwaivers:\n  - {id: W-001, rule: K8S-PSS-999, owner: shop-team, expires: 2999-01-01,"
        " reason: a rule id with a typo in it}\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "earlier.txt").write_text("kept")
    code, _, err = run_cli("gate", "--manifests", str(folder), "--out", str(out), cwd=tmp_path)
    assert (code, err) == (2, "campus: policies/waivers.yaml: waivers[0].rule: no engine has rule K8S-PSS-999\n")
    assert [p.name for p in out.iterdir()] == ["earlier.txt"]


@pytest.mark.parametrize(("setup", "expected"), [
    ("empty-yaml", "manifests: --manifests: no Kubernetes objects found"),
    ("out-is-a-file", "out: --out: not a folder"),
])
def test_nothing_to_gate_or_nowhere_to_write_is_bad_input(run_cli: Cli, tmp_path: Path, setup: str,
                                                          expected: str) -> None:
    folder = manifests_dir(tmp_path, "" if setup == "empty-yaml" else PRIVILEGED)
    if setup == "out-is-a-file":
        (tmp_path / "out").write_text("a file")
    code, _, err = run_cli("gate", "--manifests", str(folder), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert code == 2 and err.count("\n") == 1
    assert expected in err


def test_an_object_that_fails_its_schema_is_reported_once_and_read_by_no_other_engine(
    run_cli: Cli, tmp_path: Path
) -> None:
    broken = PRIVILEGED.replace("        - name: web\n", "        - web\n        - name: web\n")  # a string container
    folder = manifests_dir(tmp_path, broken)
    code, _, err = run_cli("gate", "--manifests", str(folder), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert code == 1, err
    findings = json.loads((tmp_path / "out/findings.json").read_text())["findings"]
    assert {(f["engine"], f["status"]) for f in findings} == {("schema", "fail")}


def test_a_program_that_ends_the_process_is_bad_input(run_cli: Cli, tmp_path: Path) -> None:
    project = pulumi_project(tmp_path, "abrupt", "import os\nimport pulumi\nos._exit(4)\n")
    code, _, err = run_cli("gate", "--project", str(project), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert (code, err) == (2, "campus: abrupt/__main__.py: the program ended the process (exit code 4)\n")
    assert not (tmp_path / "out").exists()

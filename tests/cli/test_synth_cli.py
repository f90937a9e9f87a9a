"""`campus synth`, `campus stacks` and the real-run verbs, as a user meets them."""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., tuple[int, str, str]]


def test_synth_one_stack_writes_graph_and_outputs(run_cli: Cli, tmp_path: Path) -> None:
    code, out, err = run_cli("synth", "--stack", "learner-lab", "--out", str(tmp_path))
    assert code == 0, err
    graph = json.loads((tmp_path / "learner-lab" / "graph.json").read_text())
    assert graph["project"] == "campus" and graph["stack"] == "learner-lab"
    assert set(graph["resources"][0]) >= {"urn", "type", "name", "custom", "parent", "dependencies", "protect",
                                          "provider", "inputs"}
    assert [r["urn"] for r in graph["resources"]] == sorted(r["urn"] for r in graph["resources"])
    outputs = json.loads((tmp_path / "learner-lab" / "outputs.json").read_text())
    assert outputs["environment"] == "learner-lab"
    assert "learner-lab:" in out and "aws:dynamodb/table:Table" in out and "storage" in out


def test_synth_all_json_summarises_every_stack(run_cli: Cli, tmp_path: Path) -> None:
    code, out, err = run_cli("synth", "--all", "--out", str(tmp_path), "--format", "json")
    assert code == 0, err
    summary = json.loads(out)
    assert [s["stack"] for s in summary["stacks"]] == ["dev", "staging", "prod", "learner-lab"]
    prod = next(s for s in summary["stacks"] if s["stack"] == "prod")
    assert prod["byType"]["aws:ec2/natGateway:NatGateway"] == 3
    assert prod["protected"] > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dev", "learner-lab", "prod", "staging"]


def test_two_synth_runs_are_byte_identical(run_cli: Cli, tmp_path: Path) -> None:
    run_cli("synth", "--stack", "dev", "--out", str(tmp_path / "a"))
    run_cli("synth", "--stack", "dev", "--out", str(tmp_path / "b"))
    for name in ("graph.json", "outputs.json"):
        assert (tmp_path / "a/dev" / name).read_bytes() == (tmp_path / "b/dev" / name).read_bytes()


@pytest.mark.parametrize(("args", "expected"), [
    (["synth", "--stack", "nope"], "campus: stacks/Pulumi.nope.yaml: no such stack"),
    (["synth"], "campus: --stack: name a stack"),
    (["synth", "--all", "--stack", "dev"], "campus: --all: give --stack or --all"),
    (["synth", "--all", "--format", "yaml"], "campus: Invalid value for '--format'"),
    (["destroy", "--stack", "prod"], "campus: stacks/Pulumi.prod.yaml: campus:protectStateful: stack protects"),
])
def test_bad_input_is_one_line_and_exit_2(run_cli: Cli, args: list[str], expected: str) -> None:
    code, _, err = run_cli(*args)
    assert code == 2
    assert err.startswith(expected)
    assert err.count("\n") == 1 and "Traceback" not in err


def test_bad_stack_config_through_the_cli(run_cli: Cli, repo_root: Path, tmp_path: Path) -> None:
    for item in ("Pulumi.yaml", "stacks"):
        src = repo_root / item
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / item)
    (tmp_path / "stacks" / "Pulumi.dev.yaml").write_text(
        "config:\n  aws:region: us-east-1\n  campus:protectStateful: false\n"
        "  campus:network: {cidr: 10.10.0.0/16, availabilityZones: [us-east-1a], natGateways: every}\n")
    code, _, err = run_cli("synth", "--stack", "dev", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert code == 2
    assert err.startswith("campus: stacks/Pulumi.dev.yaml: campus:network.natGateways: ")
    assert not (tmp_path / "out").exists()


def test_without_the_pulumi_cli_real_runs_say_how_to_install_it(run_cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    for verb in ("up", "preview", "refresh"):
        code, _, err = run_cli(verb, "--stack", "dev")
        assert code == 2
        assert "Pulumi CLI is not on PATH" in err and "campus synth" in err


def test_destroy_of_a_protected_stack_passes_the_guard_with_consent(run_cli: Cli,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    code, _, err = run_cli("destroy", "--stack", "prod", "--i-understand-data-loss")
    assert code == 2 and "Pulumi CLI is not on PATH" in err


def test_stacks_lists_key_settings(run_cli: Cli) -> None:
    code, out, _ = run_cli("stacks", "--format", "json")
    assert code == 0
    rows = {r["stack"]: r for r in json.loads(out)}
    assert rows["prod"]["nat"] == "perAz" and rows["prod"]["protected"] is True and rows["prod"]["azs"] == 3
    assert rows["learner-lab"]["vpc"] == "default VPC"


def test_synth_of_another_project(run_cli: Cli, tmp_path: Path) -> None:
    project = tmp_path / "proj"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: side\nruntime:\n  name: python\n")
    (project / "__main__.py").write_text("import pulumi_aws as aws\naws.sqs.Queue('q')\n")
    (project / "Pulumi.ci.yaml").write_text("config:\n  aws:region: us-east-1\n")
    code, _out, err = run_cli("synth", "--project", str(project), "--all", "--out", str(tmp_path / "o"))
    assert code == 0, err
    graph = json.loads((tmp_path / "o/ci/graph.json").read_text())
    assert [r["type"] for r in graph["resources"] if r["custom"]] == ["aws:sqs/queue:Queue"]


def test_a_failing_stack_leaves_no_output_behind(run_cli: Cli, repo_root: Path, tmp_path: Path) -> None:
    for item in ("Pulumi.yaml", "stacks", "catalog", "apps", "gitops/bootstrap"):
        src, dst = repo_root / item, tmp_path / item
        dst.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dst)
    (tmp_path / "gitops/bootstrap/root-prod.yaml").unlink()  # prod's program fails; learner-lab's succeeds first
    code, _, err = run_cli("synth", "--stack", "learner-lab", "--stack", "prod", "--out", str(tmp_path / "out"),
                           cwd=tmp_path)
    assert code == 2 and "gitops/bootstrap/root-prod.yaml" in err
    assert not (tmp_path / "out").exists()


BAD_PROGRAMS = {
    "exits": ("import sys, pulumi_aws as aws\naws.sqs.Queue('q')\nsys.exit(3)\n",
              "proj/__main__.py: the program exited with code 3"),
    "duplicate": ("import pulumi_aws as aws\naws.sqs.Queue('q')\naws.sqs.Queue('q')\n",
                  "proj/__main__.py: duplicate resource URN 'urn:pulumi:ci::side::aws:sqs/queue:Queue::q'"),
    "logs-an-error": ("import pulumi, pulumi_aws as aws\naws.sqs.Queue('q')\npulumi.log.error('quota exceeded')\n",
                      "proj/__main__.py: the program logged an error: quota exceeded"),
    "no-stack-files": ("import pulumi_aws as aws\naws.sqs.Queue('q')\n",
                       "proj: no stack file (Pulumi.<stack>.yaml) in this folder"),
}


def side_project(tmp_path: Path, program: str, *, stack_file: bool = True) -> Path:
    project = tmp_path / "proj"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: side\nruntime: python\n")
    (project / "__main__.py").write_text(textwrap.dedent(program))
    if stack_file:
        (project / "Pulumi.ci.yaml").write_text("config:\n  aws:region: us-east-1\n")
    return project


@pytest.mark.parametrize("verb", ["synth", "gate"])
@pytest.mark.parametrize("case", sorted(BAD_PROGRAMS))
def test_a_bad_program_of_another_project_is_one_line_and_exit_2(run_cli: Cli, tmp_path: Path, verb: str,
                                                                 case: str) -> None:
    program, expected = BAD_PROGRAMS[case]
    project = side_project(tmp_path, program, stack_file=case != "no-stack-files")
    args = ["--all"] if verb == "synth" else []
    code, _, err = run_cli(verb, "--project", str(project), *args, "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert code == 2
    assert err.startswith(f"campus: {expected}"), err
    assert err.count("\n") == 1 and "Traceback" not in err
    # Nothing half-written (the gate may have made the folder itself).
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_clean_exit_of_another_project_still_synthesizes(run_cli: Cli, tmp_path: Path) -> None:
    project = side_project(tmp_path, "import sys, pulumi_aws as aws\naws.sqs.Queue('q')\nsys.exit(0)\n")
    code, _, err = run_cli("synth", "--project", str(project), "--all", "--out", str(tmp_path / "o"), cwd=tmp_path)
    assert code == 0, err
    graph = json.loads((tmp_path / "o/ci/graph.json").read_text())
    assert [r["type"] for r in graph["resources"] if r["custom"]] == ["aws:sqs/queue:Queue"]


def test_out_that_is_a_file_is_bad_input_and_leaves_it_alone(run_cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("a file")
    code, _, err = run_cli("synth", "--stack", "dev", "--out", str(target))
    assert (code, err.strip()) == (2, f"campus: {target}: --out: not a folder")
    assert target.read_text() == "a file"


@pytest.mark.parametrize(("config_line", "expected"), [
    ("1: a", "proj/Pulumi.ci.yaml: config.1: config keys are text (quote it)"),
    ("p1:x: &a [*a]", "proj/Pulumi.ci.yaml: line 3: malformed YAML (recursive alias: a node contains itself)"),
    ("p1:x: " + "[" * 20_000 + "]" * 20_000, "proj/Pulumi.ci.yaml: nested too deeply"),
    ("p1:blob: !!binary aGk=", "proj/Pulumi.ci.yaml: p1:blob: not a config value (YAML bytes)"),
])
def test_a_bad_stack_file_of_another_project_is_one_line(run_cli: Cli, tmp_path: Path, config_line: str,
                                                         expected: str) -> None:
    project = side_project(tmp_path, "import pulumi_aws as aws\naws.sqs.Queue('q')\n")
    (project / "Pulumi.ci.yaml").write_text(f"config:\n  aws:region: us-east-1\n  {config_line}\n")
    code, _, err = run_cli("synth", "--project", str(project), "--all", "--out", str(tmp_path / "o"), cwd=tmp_path)
    assert (code, err) == (2, f"campus: {expected}\n")


def test_dates_in_the_config_of_another_project_reach_the_program_as_written(run_cli: Cli, tmp_path: Path) -> None:
    project = side_project(tmp_path, """\
        import pulumi, pulumi_aws as aws
        config = pulumi.Config("p1")
        aws.sqs.Queue("q", name=config.require("day") + "|" + config.require_object("window")["start"])
        """)
    (project / "Pulumi.ci.yaml").write_text(
        "config:\n  aws:region: us-east-1\n  p1:day: 2024-01-02\n  p1:window: {start: 2024-02-03}\n")
    code, _, err = run_cli("synth", "--project", str(project), "--all", "--out", str(tmp_path / "o"), cwd=tmp_path)
    assert code == 0, err
    graph = json.loads((tmp_path / "o/ci/graph.json").read_text())
    queue = next(r for r in graph["resources"] if r["type"] == "aws:sqs/queue:Queue")
    assert queue["inputs"]["name"] == "2024-01-02|2024-02-03"

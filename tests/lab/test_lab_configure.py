"""`campus lab configure`: real ansible-playbook runs against the generated inventory (local connection)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from campus.lab import configure as configure_lab
from tests.lab.support import write_outputs

REPO_ROOT = Path(__file__).resolve().parents[2]

# Targets the intersection of every group the inventory emits, so a missing membership fails the run.
PROBE_PLAY = """\
- name: Probe the generated inventory
  hosts: learner_lab:&lab_runtime:&kafka:&postgres
  connection: local
  gather_facts: false
  tasks:
    - name: Show what the kafka role would size its heap from
      ansible.builtin.debug:
        msg: "probe {{ instance_id }} {{ lab_memory_mb }}MB check={{ ansible_check_mode }}"
"""

FAILING_PLAY = """\
- name: Fail on purpose
  hosts: learner_lab
  connection: local
  gather_facts: false
  tasks:
    - name: Fail
      ansible.builtin.fail:
        msg: broken on purpose
"""


@pytest.fixture
def inventory(tmp_path: Path, project: Path, run_lab: Any) -> Path:
    out = tmp_path / "inventory.yml"
    result = run_lab("inventory", "--outputs", str(write_outputs(tmp_path / "outputs.json")), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def _playbook(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.yml"
    path.write_text(text)
    return path


def test_configure_runs_the_playbook_on_the_lab_host(tmp_path: Path, inventory: Path, campus_main: Any) -> None:
    playbook = _playbook(tmp_path, PROBE_PLAY)

    result = campus_main("configure", "--inventory", str(inventory), "--playbook", str(playbook))

    assert result.exit_code == 0, result.stderr
    assert "probe i-0123456789abcdef0 4096MB check=False" in result.stdout
    assert "ok=1" in result.stdout


def test_check_runs_ansible_in_check_mode(tmp_path: Path, inventory: Path, campus_main: Any) -> None:
    playbook = _playbook(tmp_path, PROBE_PLAY)

    result = campus_main("configure", "--inventory", str(inventory), "--playbook", str(playbook), "--check")

    assert result.exit_code == 0, result.stderr
    assert "check=True" in result.stdout


def test_a_failing_play_passes_ansibles_exit_code_through(
    tmp_path: Path, inventory: Path, run_lab: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    # Through typer's own runner: campus.cli.app.main() drops typer.Exit codes in non-standalone mode
    # (reported to the lead), which would hide this exit code.
    playbook = _playbook(tmp_path, FAILING_PLAY)

    result = run_lab("configure", "--inventory", str(inventory), "--playbook", str(playbook))

    assert result.exit_code == 2  # ansible-playbook: a host failed
    assert "broken on purpose" in capfd.readouterr().out


def test_the_playbooks_preflight_accepts_the_generated_inventory(
    tmp_path: Path, run_lab: Any, campus_main: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Contract with playbooks/: only known groups, and every variable the host's groups require is defined.
    monkeypatch.chdir(REPO_ROOT)
    inventory = tmp_path / "inventory" / "hosts.yml"
    outputs = write_outputs(tmp_path / "outputs.json")
    assert run_lab("inventory", "--outputs", str(outputs), "--out", str(inventory)).exit_code == 0

    result = campus_main("configure", "--inventory", str(inventory), "--playbook", "playbooks/preflight.yml")

    assert result.exit_code == 0, result.stdout
    assert "failed=0" in result.stdout


def test_missing_inventory_is_one_line_naming_the_flag(tmp_path: Path, campus_main: Any) -> None:
    result = campus_main("configure", "--inventory", str(tmp_path / "absent.yml"))

    assert result.exit_code == 2
    assert "absent.yml: --inventory: inventory not found; generate it with `campus lab inventory`" in result.stderr
    assert result.stderr.count("\n") == 1


def test_missing_ansible_playbook_is_one_line(
    tmp_path: Path, inventory: Path, campus_main: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    playbook = _playbook(tmp_path, PROBE_PLAY)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "elsewhere" / "python"))

    result = campus_main("configure", "--inventory", str(inventory), "--playbook", str(playbook))

    assert result.exit_code == 2
    assert "ansible-playbook not found on PATH" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.fixture
def ansible_runs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every command `campus lab configure` would start; bad input must stop before any."""
    started: list[list[str]] = []

    def record(command: list[str], **_: Any) -> Any:
        started.append(command)
        raise AssertionError(f"ansible-playbook started: {command}")

    monkeypatch.setattr(configure_lab.subprocess, "run", record)
    return started


def test_an_inventory_that_is_not_yaml_is_one_line_naming_file_and_line(
    tmp_path: Path, campus_main: Any, ansible_runs: list[list[str]]
) -> None:
    # Ansible printed eleven lines (one failure per inventory plugin) and exited 1.
    inventory = tmp_path / "hosts.yml"
    inventory.write_text("all:\n  hosts:\n    lab-host:\n      ansible_host: 203.0.113.10\n     ansible_user: admin\n")

    result = campus_main("configure", "--inventory", str(inventory))

    assert result.exit_code == 2
    assert result.stderr.startswith(f"campus: {inventory}: line 5: malformed YAML (")
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert ansible_runs == []


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("hosts.yml", "", "the inventory is empty"),
        ("hosts.yml", "# nothing but a comment\n", "the inventory is empty"),
        ("hosts.yml", "- lab-host\n", "line 1: a YAML inventory must be a mapping of group names"),
        ("hosts.yml", "just a host name\n", "line 1: a YAML inventory must be a mapping of group names"),
        ("hosts.yml", "all:\n  vars:\n    x: 1\n", "the inventory names no hosts"),
        ("hosts.yml", "all:\n  hosts: [a, b]\n", "line 2: all.hosts: must be a mapping, found a list"),
        ("hosts.yml", "all:\n  host:\n    a:\n", "line 2: all: unexpected key 'host' in group 'all'"),
        ("hosts.yml", "all:\n  hosts:\n    a:\n    a:\n", "line 4: all.hosts: duplicate key 'a', first on line 3"),
        ("hosts.yml", "all:\n  hosts:\n    a: on\n", "line 3: all.hosts.a: host variables must be a mapping"),
        ("hosts.yml", "all:\n  hosts:\n    10:\n", "line 3: all.hosts: a name must be a string"),
        ("hosts.yml", "all:\n  hosts:\n    web[1:]:\n", "line 3: all.hosts: host range [1:] must give an end value"),
        ("hosts.yml", "[learner_lab]\nlab-host\n", "line 2: malformed YAML"),
        ("hosts.yml", "a: 1\n---\nb: 2\n", "line 2: malformed YAML"),
        ("hosts.yml", "plugin: amazon.aws.aws_ec2\n", "line 1: plugin amazon.aws.aws_ec2: amazon.aws.aws_ec2 reads"),
        ("hosts.yml", "plugin: constructed\n", "line 1: plugin 'constructed' is not enabled in ansible.cfg"),
        ("hosts.ini", "[web\nlab-host\n", "line 1: host pattern '[web' has an unclosed range"),
        ("hosts.ini", "[web app]\nlab-host\n", "line 1: invalid section '[web app]'"),
        ("hosts.ini", "[web:hosts2]\nlab-host\n", "line 1: section [web:hosts2] has an unknown type"),
        ("hosts.ini", "lab-host admin\n", "line 1: expected key=value host variables after the host name, got 'admin'"),
        ("hosts.ini", "lab-host x='1\n", "line 1: cannot read the host line (No closing quotation)"),
        ("hosts.ini", "all:\n  hosts:\n", "line 1: invalid host pattern 'all:'"),
        ("hosts.ini", "[web]\nh1\n[web:vars]\nport\n", "line 4: expected key=value in [web:vars], got 'port'"),
        ("hosts.ini", "[h]\nh1\n[db:vars]\nx=1\n", "line 3: section [db:vars] is for a group that is never defined"),
        ("hosts.ini", "[p:children]\nweb\n[h]\nh1\n", "line 2: section [p:children] includes the undefined group"),
        ("hosts.ini", "; only a comment\n", "the inventory names no hosts"),
        ("hosts", "[web\nlab-host\n", "line 1: host pattern '[web' has an unclosed range"),
        ("hosts.toml", "[all.hosts.a]\n", "TOML inventories are not enabled in ansible.cfg"),
        ("hosts.yml", "all: &a {children: {x: *a}}\n", "line 1: malformed YAML (recursive alias: a node"),
        ("hosts.yml", "all: " + "[" * 20_000 + "]" * 20_000 + "\n", "nested too deeply"),
        ("hosts.json", '{"all": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ("hosts.json", '{"all": {"children": ' + "[" * 900 + "]" * 900 + "}}", "nested too deeply"),
    ],
)
def test_an_inventory_ansible_would_refuse_or_half_read_is_one_line(
    tmp_path: Path, campus_main: Any, ansible_runs: list[list[str]], name: str, text: str, expected: str
) -> None:
    inventory = tmp_path / name
    inventory.write_text(text)

    result = campus_main("configure", "--inventory", str(inventory))

    assert result.exit_code == 2
    assert result.stderr.startswith(f"campus: {inventory}: {expected}"), result.stderr
    assert result.stderr.count("\n") == 1
    assert ansible_runs == []


def test_an_inventory_that_is_not_utf8_names_the_line(
    tmp_path: Path, campus_main: Any, ansible_runs: list[list[str]]
) -> None:
    inventory = tmp_path / "hosts.yml"
    inventory.write_bytes(b"all:\n  hosts:\n    caf\xe9:\n")

    result = campus_main("configure", "--inventory", str(inventory))

    assert result.exit_code == 2
    assert result.stderr == f"campus: {inventory}: line 3: not UTF-8 text (byte 0xe9)\n"
    assert ansible_runs == []


def test_an_inventory_folder_is_one_line_naming_the_flag(
    tmp_path: Path, campus_main: Any, ansible_runs: list[list[str]]
) -> None:
    result = campus_main("configure", "--inventory", str(tmp_path))

    assert result.exit_code == 2
    assert result.stderr == f"campus: {tmp_path}: --inventory: is a folder; pass the file in it\n"
    assert ansible_runs == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- hosts: all\n  tasks: [\n", "line 3: malformed YAML ("),
        ("", "the playbook is empty: it must be a list of plays"),
        ("hosts: all\ntasks: []\n", "line 1: a playbook must be a list of plays, found a mapping"),
        ("- hosts: all\n- site.yml\n", "line 2: play 2 must be a mapping (a play or import_playbook), found a string"),
        ("- hosts: " + "[" * 20_000 + "]" * 20_000 + "\n", "nested too deeply"),
        ("- &play {hosts: all, tasks: [*play]}\n", "line 1: malformed YAML (recursive alias: a node contains itself)"),
    ],
)
def test_a_playbook_that_is_not_a_list_of_plays_is_one_line(
    tmp_path: Path, inventory: Path, campus_main: Any, ansible_runs: list[list[str]], text: str, expected: str
) -> None:
    # ansible-playbook exited 4 on these, after several lines of its own.
    playbook = _playbook(tmp_path, text)

    result = campus_main("configure", "--inventory", str(inventory), "--playbook", str(playbook))

    assert result.exit_code == 2
    assert result.stderr.startswith(f"campus: {playbook}: {expected}"), result.stderr
    assert result.stderr.count("\n") == 1
    assert ansible_runs == []


def test_a_missing_playbook_is_one_line_naming_the_flag(
    tmp_path: Path, inventory: Path, campus_main: Any, ansible_runs: list[list[str]]
) -> None:
    result = campus_main("configure", "--inventory", str(inventory), "--playbook", str(tmp_path / "absent.yml"))

    assert result.exit_code == 2
    assert result.stderr == f"campus: {tmp_path / 'absent.yml'}: --playbook: playbook not found\n"
    assert ansible_runs == []


def test_an_ini_inventory_still_reaches_ansible(tmp_path: Path, project: Path, campus_main: Any) -> None:
    inventory = tmp_path / "hosts.ini"
    inventory.write_text(
        "[learner_lab]\n"
        "lab-host ansible_connection=local instance_id=i-0ini lab_memory_mb=2048\n"
        "\n[lab_runtime:children]\nlearner_lab\n"
        "[kafka:children]\nlearner_lab\n"
        "[postgres:children]\nlearner_lab\n"
    )
    playbook = _playbook(tmp_path, PROBE_PLAY)

    result = campus_main("configure", "--inventory", str(inventory), "--playbook", str(playbook))

    assert result.exit_code == 0, result.stderr
    assert "probe i-0ini 2048MB check=False" in result.stdout

"""`campus lab configure`: real ansible-playbook runs against the generated inventory (local connection)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

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

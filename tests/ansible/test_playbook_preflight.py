"""Bad inventory, unknown group, unknown --limit and missing variables stop the run with one clear error line.

No host is needed: the preflight plays only assert, and every case fails before a role runs.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.ansible.playbook_runner import run_playbook

# Preflight's assertions run on the controller; `local` keeps the connection trivial and nothing else runs.
HOST: dict[str, object] = {"ansible_connection": "local", "campus_environment": "learner-lab", "common_admin_users": []}


def inventory(tmp_path: Path, groups: dict[str, dict[str, object]]) -> Path:
    path = tmp_path / "inventory.yml"
    document = {"all": {"children": {group: {"hosts": {"h1": host_vars}} for group, host_vars in groups.items()}}}
    path.write_text(yaml.safe_dump(document))
    return path


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("[ERROR]:")]


def test_unknown_inventory_group_fails_with_one_line(tmp_path: Path) -> None:
    run = run_playbook("preflight.yml", inventory(tmp_path, {"learner_lab": HOST, "kafak": {}}), json_output=False)

    assert run.returncode != 0
    [error] = error_lines(run.stdout + run.stderr)
    assert "Unknown inventory group(s) kafak; known groups:" in error
    assert "kafka" in error.split("known groups:")[1]


def test_missing_required_variable_fails_with_one_line(tmp_path: Path) -> None:
    run = run_playbook("preflight.yml", inventory(tmp_path, {"learner_lab": HOST, "kafka": {}}), json_output=False)

    assert run.returncode != 0
    [error] = error_lines(run.stdout + run.stderr)
    assert "Missing required variable(s) for h1: kafka_cluster_id" in error


def test_complete_inventory_passes_preflight(tmp_path: Path) -> None:
    host = {**HOST, "kafka_cluster_id": "MkU3OEVBNTcwNTJENDM2Qg"}
    run = run_playbook("preflight.yml", inventory(tmp_path, {"learner_lab": host, "kafka": {}}))

    assert run.returncode == 0, run.stdout[-2000:]
    assert run.stats()["h1"]["failures"] == 0


def test_unknown_limit_fails_before_any_play(tmp_path: Path) -> None:
    run = run_playbook(
        "site.yml",
        inventory(tmp_path, {"learner_lab": HOST}),
        extra_args=["--limit", "nosuchgroup"],
        json_output=False,
    )

    assert run.returncode != 0
    output = run.stdout + run.stderr
    assert error_lines(output) == [
        "[ERROR]: Specified inventory, host pattern and/or --limit leaves us with no hosts to target."
    ]
    assert "Could not match supplied host pattern, ignoring: nosuchgroup" in output
    assert "PLAY [" not in output


def test_unparsable_inventory_fails_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("all:\n  children: [unclosed\n")

    run = run_playbook("site.yml", broken, json_output=False)

    assert run.returncode != 0
    assert error_lines(run.stdout + run.stderr) == [f"[ERROR]: Completely failed to parse inventory source {broken}"]

"""ansible_lint_batched: one ansible-playbook run proves every playbook; the report is ansible-lint's own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PLAIN = [str(Path(sys.executable).with_name("ansible-lint"))]
BATCHED = [sys.executable, "-m", "campus.analyses.ansible_lint_batched"]
PER_FILE_CHECK = "Executing syntax check on playbook"

PLAY = """---
- name: {title}
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Say {title}
      ansible.builtin.{module}:
        msg: {name}
"""


def _project(root: Path, broken: str | None = None) -> list[str]:
    (root / ".ansible-lint").write_text("---\nprofile: production\noffline: true\n")
    playbooks = root / "playbooks"
    playbooks.mkdir()
    for name in ("base", "kafka"):
        module = "nosuchmodule" if name == broken else "debug"
        (playbooks / f"{name}.yml").write_text(PLAY.format(name=name, title=name.title(), module=module))
    # A violation the rules phase must still find: a command without changed_when.
    (playbooks / "lab.yml").write_text(
        PLAY.format(name="lab", title="Lab", module="debug")
        + "    - name: Run it\n      ansible.builtin.command: /bin/true\n"
    )
    (playbooks / "site.yml").write_text(
        "---\n- name: Base\n  ansible.builtin.import_playbook: base.yml\n"
        "- name: Kafka\n  ansible.builtin.import_playbook: kafka.yml\n"
    )
    return sorted(str(p.relative_to(root)) for p in playbooks.glob("*.yml"))


def _lint(command: list[str], root: Path, files: list[str]) -> tuple[int, list[dict[str, object]], int]:
    run = subprocess.run(
        [*command, "-v", "--offline", "--format", "codeclimate", "--nocolor", *files],
        cwd=root,
        env={**os.environ, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    issues = json.loads(run.stdout)
    for issue in issues:
        issue.pop("fingerprint", None)  # ansible-lint hashes the absolute path into it
    return run.returncode, issues, run.stderr.count(PER_FILE_CHECK)


def test_clean_playbooks_are_proven_in_one_run_and_reported_alike(tmp_path: Path) -> None:
    files = _project(tmp_path)

    plain_rc, plain_issues, plain_checks = _lint(PLAIN, tmp_path, files)
    batched_rc, batched_issues, batched_checks = _lint(BATCHED, tmp_path, files)

    assert (batched_rc, batched_issues) == (plain_rc, plain_issues)
    assert [i["check_name"] for i in batched_issues] == ["no-changed-when"]
    assert plain_checks == 4 and batched_checks == 0


def test_a_failing_playbook_is_checked_and_reported_by_ansible_lint_itself(tmp_path: Path) -> None:
    files = _project(tmp_path, broken="kafka")

    plain_rc, plain_issues, _ = _lint(PLAIN, tmp_path, files)
    batched_rc, batched_issues, batched_checks = _lint(BATCHED, tmp_path, files)

    assert (batched_rc, batched_issues) == (plain_rc, plain_issues)
    syntax = [i for i in batched_issues if str(i["check_name"]).startswith("syntax-check")]
    assert syntax and syntax[0]["location"]["path"] == "playbooks/kafka.yml"  # type: ignore[index]
    assert batched_checks == 4

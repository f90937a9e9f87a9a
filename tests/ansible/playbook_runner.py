"""Run ansible-playbook from the project venv and read its result through the ansible.posix.json callback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
PLAYBOOKS = REPO / "playbooks"
ANSIBLE_PLAYBOOK = Path(sys.executable).with_name("ansible-playbook")


@dataclass(frozen=True)
class PlaybookRun:
    returncode: int
    stdout: str
    stderr: str

    @property
    def report(self) -> dict[str, Any]:
        return json.loads(self.stdout)

    def stats(self) -> dict[str, dict[str, int]]:
        return self.report["stats"]

    def changed_tasks(self) -> list[str]:
        """`play / task` names of tasks that reported a change on any host (for readable assertions)."""
        return [
            f"{play['play']['name']} / {task['task']['name']}"
            for play in self.report["plays"]
            for task in play["tasks"]
            if any(result.get("changed") for result in task["hosts"].values())
        ]


def run_playbook(
    playbook: str, inventory: Path, *, extra_args: list[str] | None = None, json_output: bool = True
) -> PlaybookRun:
    env = {
        **os.environ,
        "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"),
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_NOCOLOR": "1",
    }
    if json_output:
        env["ANSIBLE_STDOUT_CALLBACK"] = "ansible.posix.json"
    result = subprocess.run(
        [str(ANSIBLE_PLAYBOOK), "-i", str(inventory), str(PLAYBOOKS / playbook), *(extra_args or [])],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
    )
    return PlaybookRun(result.returncode, result.stdout, result.stderr)

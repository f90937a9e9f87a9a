"""Run the site playbook against the lab host with the generated inventory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from campus.errors import CampusInputError

SITE_PLAYBOOK = Path("playbooks") / "site.yml"


def find_ansible_playbook() -> str:
    # `.venv/bin/campus` may run without the venv on PATH; its own bin folder holds ansible-playbook.
    search_path = os.pathsep.join((os.environ.get("PATH", ""), str(Path(sys.executable).parent)))
    found = shutil.which("ansible-playbook", path=search_path)
    if found is None:
        raise CampusInputError(
            "ansible-playbook not found on PATH; install ansible-core (`uv sync` installs it in .venv)"
        )
    return found


def playbook_command(ansible_playbook: str, inventory: Path, playbook: Path, *, check: bool) -> list[str]:
    command = [ansible_playbook, "-i", str(inventory.resolve()), str(playbook.resolve())]
    if check:
        command += ["--check", "--diff"]
    return command


def run_site_playbook(root: Path, inventory: Path, *, check: bool, playbook: Path | None = None) -> int:
    """ansible-playbook's exit code for `playbook` (default playbooks/site.yml) run from the project root
    `root` (where ansible.cfg is) against `inventory`."""
    playbook = playbook or root / SITE_PLAYBOOK
    if not inventory.is_file():
        raise CampusInputError(
            "inventory not found; generate it with `campus lab inventory`",
            file=str(inventory),
            key="--inventory",
        )
    if not playbook.is_file():
        raise CampusInputError("playbook not found", file=str(playbook))
    command = playbook_command(find_ansible_playbook(), inventory, playbook, check=check)
    return subprocess.run(command, cwd=root, check=False).returncode

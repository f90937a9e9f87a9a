"""Run the site playbook against the lab host with the generated inventory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from campus.errors import CampusInputError
from campus.lab.inventory_file import check_inventory, check_playbook

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
    # Both files are checked before Ansible starts, so bad input is one line naming the file, never a partial run.
    check_inventory(inventory, flag="--inventory")
    check_playbook(playbook, flag="--playbook")
    command = playbook_command(find_ansible_playbook(), inventory, playbook, check=check)
    return subprocess.run(command, cwd=root, check=False).returncode

"""testinfra backend that runs each command inside a test host through its generated `enter` script."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from testinfra.backend import base


class EnterBackend(base.BaseBackend):
    NAME = "campus-enter"

    def __init__(self, enter_script: Path, root: Path, **kwargs: Any) -> None:
        self.enter_script = enter_script
        self.root = root
        super().__init__(str(root), **kwargs)

    def run(self, command: str, *args: str, **kwargs: Any) -> base.CommandResult:
        cmd = self.get_command(command, *args)
        out = self.run_local("%s %s /bin/sh -c %s", str(self.enter_script), str(self.root), cmd)
        out.command = self.encode(cmd)
        return out

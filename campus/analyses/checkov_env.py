"""checkov's own environment (tools/checkov, a uv project of its own) and the process that runs its scans.

checkov pins `packaging<24` and an old boto3, which would drag pulumi back if resolved with campus, so it
lives in `tools/checkov/.venv`, created or synced on demand from the committed lock.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

from campus.errors import CampusInputError

REPO = Path(__file__).resolve().parents[2]
TOOL_PROJECT = REPO / "tools" / "checkov"
# Where `make` bootstraps uv when it is not on PATH.
BOOTSTRAP_UV = REPO / ".cache" / "bootstrap" / "bin" / "uv"
RUNNER_SCRIPT = TOOL_PROJECT / "run_scans.py"
TOOL_PYTHON = TOOL_PROJECT / ".venv" / "bin" / "python"
UV_INSTALL_HINT = "uv is not installed: run `make env` (it bootstraps uv into .cache/bootstrap) or `pip install uv`"


def _uv() -> str:
    # `uv run` exports UV (the running uv binary); otherwise PATH, the campus venv, then make's bootstrap copy.
    candidates = (
        os.environ.get("UV"),
        shutil.which("uv"),
        shutil.which("uv", path=str(Path(sys.executable).parent)),
        shutil.which("uv", path=str(BOOTSTRAP_UV.parent)),
    )
    found = next((c for c in candidates if c and Path(c).is_file()), None)
    if found is None:
        raise CampusInputError(UV_INSTALL_HINT, file="tools/checkov/pyproject.toml")
    return found


def _tool_environ() -> dict[str, str]:
    # An outer `uv run` exports the campus venv; the tool project must resolve into its own.
    return {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT"}}


@cache
def checkov_python() -> Path:
    """The interpreter of checkov's environment, synced with tools/checkov/uv.lock (once per process)."""
    command = [_uv(), "sync", "--project", str(TOOL_PROJECT), "--frozen", "--quiet"]
    if not TOOL_PYTHON.exists():
        # The first sync compiles bytecode: checkov's start-up is 2.4 s with it and 5+ s without.
        command.append("--compile-bytecode")
    done = subprocess.run(command, capture_output=True, text=True, env=_tool_environ(), check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise CampusInputError(
            f"`uv sync` of checkov's environment failed: {last}", file="tools/checkov/uv.lock"
        )
    return TOOL_PYTHON


def run_scans(request: dict[str, Any]) -> dict[str, Any]:
    """Run tools/checkov/run_scans.py on one request (see its docstring) and return its JSON answer."""
    done = subprocess.run(
        [str(checkov_python()), str(RUNNER_SCRIPT)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        env=_tool_environ(),
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise CampusInputError(f"checkov failed: {last}", file="tools/checkov/run_scans.py")
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer

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
import tempfile
import threading
from collections.abc import Iterable
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


class ScanProcess:
    """tools/checkov/run_scans.py started ahead of its requests: checkov imports while the caller prepares inputs.

    Requests are answered in order, one at a time (a lock serializes callers on several threads). Use as a
    context manager: on exit the process is told there is no more work, or killed (by its own handle) if the
    block failed, so a failing caller never waits for scans it no longer needs.
    """

    def __init__(self, frameworks: Iterable[str] = ()) -> None:
        # stderr goes to a file: a chatty checkov must never block on a full pipe nobody reads yet.
        self._stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115  (closed in __exit__)
        self._process = subprocess.Popen(
            [str(checkov_python()), str(RUNNER_SCRIPT), *sorted(set(frameworks))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, text=True, env=_tool_environ(),
        )
        self._lock = threading.Lock()

    def __enter__(self) -> ScanProcess:
        return self

    def __exit__(self, error: type[BaseException] | None, *_: object) -> None:
        if error is not None:
            self._process.kill()
        self._process.communicate()
        self._stderr.close()

    def scan(self, request: dict[str, Any]) -> dict[str, Any]:
        """Send one request (see run_scans.py) and return its JSON answer."""
        with self._lock:
            assert self._process.stdin is not None and self._process.stdout is not None
            try:
                self._process.stdin.write(json.dumps(request) + "\n")
                self._process.stdin.flush()
            except BrokenPipeError:
                pass  # it exited already; the missing answer below says why
            line = self._process.stdout.readline()
        if not line:
            self._process.wait()
            self._stderr.seek(0)
            last = (self._stderr.read().strip().splitlines() or ["no output"])[-1]
            raise CampusInputError(f"checkov failed: {last}", file="tools/checkov/run_scans.py")
        answer: dict[str, Any] = json.loads(line)
        return answer


def run_scans(request: dict[str, Any]) -> dict[str, Any]:
    """Run tools/checkov/run_scans.py on one request (see its docstring) and return its JSON answer."""
    with ScanProcess() as process:
        return process.scan(request)

"""Shared fixtures: the repository root and the four stacks synthesized once per session."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from campus.engine.graph import Graph
from campus.engine.project import read_project
from campus.engine.runner import SynthResult, synthesize

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def synthesized() -> dict[str, SynthResult]:
    project = read_project(ROOT)
    return {stack: synthesize(project, stack) for stack in ("dev", "staging", "prod", "learner-lab")}


@pytest.fixture(scope="session")
def graphs(synthesized: dict[str, SynthResult]) -> dict[str, Graph]:
    return {stack: result.graph for stack, result in synthesized.items()}


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run `campus ARGS` in-process as a user would; returns (exit code, stdout, stderr)."""
    from campus.cli.app import main

    def run(*args: str, cwd: Path = ROOT) -> tuple[int, str, str]:
        monkeypatch.chdir(cwd)
        monkeypatch.setattr(sys, "argv", ["campus", *args])
        code = 0
        try:
            main()
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run

"""`campus lab up | down` hand the stack to campus.automation.run_operation (Pulumi Automation API)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import campus.automation
from campus.errors import CampusInputError

REPO_ROOT = Path(__file__).resolve().parents[2]


class RecordingAutomation:
    """Stands in for the Pulumi run: records the calls and answers with a chosen exit code or error."""

    def __init__(self) -> None:
        self.calls: list[tuple[Path, str, str, bool, bool]] = []
        self.exit_code = 0
        self.error: CampusInputError | None = None

    def run_operation(
        self, root: Path, stack: str, operation: str, *, yes: bool = False, allow_data_loss: bool = False
    ) -> int:
        self.calls.append((root, stack, operation, yes, allow_data_loss))
        if self.error is not None:
            raise self.error
        return self.exit_code


@pytest.fixture
def automation(monkeypatch: pytest.MonkeyPatch) -> RecordingAutomation:
    recorder = RecordingAutomation()
    monkeypatch.setattr(campus.automation, "run_operation", recorder.run_operation)
    monkeypatch.chdir(REPO_ROOT)
    return recorder


def test_up_runs_the_up_operation_on_the_learner_lab_stack(automation: RecordingAutomation, run_lab: Any) -> None:
    result = run_lab("up")

    assert result.exit_code == 0, result.output
    assert automation.calls == [(REPO_ROOT, "learner-lab", "up", False, False)]


def test_down_passes_yes_and_allow_data_loss(automation: RecordingAutomation, run_lab: Any) -> None:
    result = run_lab("down", "--stack", "learner-lab-2", "--yes", "--i-understand-data-loss")

    assert result.exit_code == 0, result.output
    assert automation.calls == [(REPO_ROOT, "learner-lab-2", "destroy", True, True)]


def test_a_failed_operation_exit_code_passes_through(automation: RecordingAutomation, run_lab: Any) -> None:
    automation.exit_code = 1

    result = run_lab("up", "--yes")

    assert result.exit_code == 1


def test_a_missing_pulumi_cli_is_one_line_and_exit_2(automation: RecordingAutomation, campus_main: Any) -> None:
    automation.error = CampusInputError("pulumi CLI not found; install it from https://www.pulumi.com/docs/install/")

    result = campus_main("down")

    assert result.exit_code == 2
    assert result.stderr == "campus: pulumi CLI not found; install it from https://www.pulumi.com/docs/install/\n"


@pytest.mark.parametrize("command", ["up", "down"])
def test_without_a_pulumi_cli_the_real_automation_says_how_to_install_it(
    command: str, campus_main: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(REPO_ROOT)
    monkeypatch.setenv("PATH", str(tmp_path))

    result = campus_main(command, "--yes")

    assert result.exit_code == 2
    assert result.stderr.startswith("campus: the Pulumi CLI is not on PATH")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("command", ["up", "down"])
def test_a_platform_stack_is_refused(automation: RecordingAutomation, campus_main: Any, command: str) -> None:
    result = campus_main(command, "--stack", "prod", "--yes")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "`campus lab` manages Learner Lab stacks only" in result.stderr
    assert automation.calls == []

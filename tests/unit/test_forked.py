"""ForkedCall: a value or an exception comes back from the child; an unfinished child is killed on exit."""

from __future__ import annotations

import os
import time

import pytest

from campus.errors import CampusInputError
from campus.forked import ForkedCall


def child_pid_and_sum(a: int, b: int) -> tuple[int, int]:
    return os.getpid(), a + b


def bad_input() -> None:
    raise CampusInputError("no such key", file="stacks/Pulumi.dev.yaml", key="campus:cluster")


def sleep_long() -> None:
    time.sleep(60)


def test_the_value_comes_from_another_process() -> None:
    with ForkedCall(child_pid_and_sum, 2, 3) as call:
        pid, total = call.result()
    assert total == 5 and pid != os.getpid()


def test_the_childs_exception_is_raised_with_its_one_line() -> None:
    with ForkedCall(bad_input) as call, pytest.raises(CampusInputError) as caught:
        call.result()
    assert str(caught.value) == "stacks/Pulumi.dev.yaml: campus:cluster: no such key"


def test_a_child_still_running_when_the_caller_fails_is_killed() -> None:
    with pytest.raises(RuntimeError, match="caller failed"), ForkedCall(sleep_long) as call:
        process = call._process
        raise RuntimeError("caller failed")
    assert not process.is_alive() and process.exitcode is not None and process.exitcode < 0

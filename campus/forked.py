"""Run one function in a forked child process and take back its result.

The gate's Python engines share one interpreter lock, so CPU-bound Pulumi work (synth and the CrossGuard pack)
runs in a child forked from the already-imported process: no start-up or import cost, and it uses the core the
main process cannot. The result (or the exception) comes back pickled through a pipe. Use as a context manager:
a child still running when the block ends (the caller failed) is killed by its own handle, not by name.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class WorkerEnded(RuntimeError):
    """The child ended without sending a result: something in it called os._exit or killed the process."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(f"the forked worker ended without a result (exit {exitcode})")
        self.exitcode = exitcode


def _child(send: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        outcome: tuple[str, Any] = ("value", function(*args))
    except BaseException as err:
        outcome = ("error", err)
    send.send(outcome)
    send.close()


class ForkedCall(Generic[T]):
    def __init__(self, function: Callable[..., T], *args: Any) -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(send, function, args), daemon=True)
        self._process.start()
        send.close()

    def __enter__(self) -> ForkedCall[T]:
        return self

    def __exit__(self, *_: object) -> None:
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._receive.close()

    def result(self) -> T:
        """The function's return value; its exception is raised here."""
        try:
            kind, value = self._receive.recv()
        except EOFError:
            self._process.join()
            raise WorkerEnded(self._process.exitcode) from None
        self._process.join()
        if kind == "error":
            raise value
        result: T = value
        return result

"""The offline engine: run a Pulumi Python program in-process under the SDK's mock runtime and record its graph.

Each run gets a fresh context (settings, root resource and config are context variables) and a fresh event loop,
so several stacks synthesize one after another in one process.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import runpy
import sys
from dataclasses import dataclass, field
from typing import Any

from pulumi.runtime.config import set_all_config
from pulumi.runtime.mocks import MockSettings
from pulumi.runtime.settings import configure
from pulumi.runtime.stack import run_in_stack

from campus.engine.graph import Graph
from campus.engine.mocks import CampusMocks
from campus.engine.monitor import RecordingEngine, RecordingMonitor
from campus.engine.project import PulumiProject
from campus.engine.quiescence import linear_quiescence
from campus.errors import CampusInputError

DEFAULT_ACCOUNT = "123456789012"


@dataclass
class SynthResult:
    graph: Graph
    exports: dict[str, Any]
    invokes: list[str]
    warnings: list[str] = field(default_factory=list)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def synthesize(project: PulumiProject, stack: str, config: dict[str, Any] | None = None) -> SynthResult:
    config = project.stack_config(stack) if config is None else config
    region = str(config.get("aws:region") or "us-east-1")
    account = str(config.get(f"{project.name}:accountId") or DEFAULT_ACCOUNT).strip('"')
    mocks = CampusMocks(account_id=account, region=region, stack=stack)
    program = project.shown(project.program)
    monitor = RecordingMonitor(mocks, source_root=project.root.resolve(), program=program)
    logger = logging.getLogger(f"campus.engine.{stack}")
    logger.propagate = False
    collector = _Collector()
    logger.addHandler(collector)
    engine = RecordingEngine(logger)
    try:
        with linear_quiescence():
            contextvars.Context().run(_run_program, project, stack, config, monitor, engine)
    finally:
        logger.removeHandler(collector)
    if engine.errors:
        # A real preview fails when the program logged an error, even if it then ran to its end.
        more = f" (and {len(engine.errors) - 1} more)" if len(engine.errors) > 1 else ""
        raise CampusInputError(f"the program logged an error: {_first_line(engine.errors[0])}{more}", file=program)
    graph = Graph(project=project.name, stack=stack, resources=list(monitor.nodes.values()))
    graph.outputs = monitor.exports
    return SynthResult(graph=graph, exports=monitor.exports, invokes=mocks.invoked, warnings=collector.messages)


def _run_program(project: PulumiProject, stack: str, config: dict[str, Any], monitor: RecordingMonitor,
                 engine: RecordingEngine) -> None:
    features = set(monitor.GetDeploymentInfo(None).supportedFeatures)
    configure(MockSettings(
        monitor=monitor, monitor_features=features, engine=engine, project=project.name, stack=stack,
        dry_run=True, organization="organization", root_directory=str(project.root), callbacks=None,
    ))
    set_all_config({k: str(v) for k, v in config.items()}, [])
    search_path = [str(project.root), str(project.program.parent)]
    sys.path[:0] = [p for p in search_path if p not in sys.path]
    loop = asyncio.new_event_loop()
    loop.set_exception_handler(_unreported_only)
    try:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(run_in_stack(lambda: _exec_program(project)))
    except CampusInputError:
        raise
    except SystemExit as exit_:
        # From an output callback: asyncio lets it through the loop and the run stops half-way, whatever the code.
        _finish_cancelled(loop)
        _raise_for_exit(project, exit_, interrupted=True)
    except Exception as err:
        detail = _first_line(str(err)) or type(err).__name__
        raise CampusInputError(f"the program failed: {type(err).__name__}: {detail}",
                               file=project.shown(project.program)) from None
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def _exec_program(project: PulumiProject) -> None:
    try:
        runpy.run_path(str(project.program), run_name="__main__")
    except SystemExit as exit_:
        _raise_for_exit(project, exit_)


def _raise_for_exit(project: PulumiProject, exit_: SystemExit, *, interrupted: bool = False) -> None:
    """`sys.exit()` in a program. A clean exit from its body ends the program there, as under the language host,
    and what it declared so far stands; any other exit code fails it, like a clean exit that cut the run short."""
    code = exit_.code
    clean = code is None or code == 0
    if clean and not interrupted:
        return
    numeric = code is None or isinstance(code, int)
    detail = f"with code {int(code or 0)}" if numeric else f"with: {_first_line(str(code))}"
    before = " inside an output callback, before the run finished" if interrupted else ""
    raise CampusInputError(f"the program exited {detail}{before}", file=project.shown(project.program)) from None


def _unreported_only(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """The run's bad input is reported once, as its error. The SDK also sets it on every output future of the
    resource that failed to register (a duplicate URN), and those never-read copies need not be reported again."""
    if isinstance(context.get("exception"), CampusInputError):
        return
    loop.default_exception_handler(context)


def _finish_cancelled(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel the tasks an interrupted run left behind and let them unwind, as `asyncio.run` does on its way out:
    a task left pending on a closed loop reports an error when it is collected, long after this run."""
    pending = asyncio.all_tasks(loop)
    for task in pending:
        task.cancel()
    loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


def _first_line(text: str) -> str:
    stripped = text.strip()
    return stripped.splitlines()[0] if stripped else ""

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
from pulumi.runtime.mocks import MockEngine, MockSettings
from pulumi.runtime.settings import configure
from pulumi.runtime.stack import run_in_stack

from campus.engine.graph import Graph
from campus.engine.mocks import CampusMocks
from campus.engine.monitor import RecordingMonitor
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
    monitor = RecordingMonitor(mocks, source_root=project.root.resolve())
    logger = logging.getLogger(f"campus.engine.{stack}")
    logger.propagate = False
    collector = _Collector()
    logger.addHandler(collector)
    try:
        with linear_quiescence():
            contextvars.Context().run(_run_program, project, stack, config, monitor, logger)
    finally:
        logger.removeHandler(collector)
    graph = Graph(project=project.name, stack=stack, resources=list(monitor.nodes.values()))
    graph.outputs = monitor.exports
    return SynthResult(graph=graph, exports=monitor.exports, invokes=mocks.invoked, warnings=collector.messages)


def _run_program(project: PulumiProject, stack: str, config: dict[str, Any], monitor: RecordingMonitor,
                 logger: logging.Logger) -> None:
    features = set(monitor.GetDeploymentInfo(None).supportedFeatures)
    configure(MockSettings(
        monitor=monitor, monitor_features=features, engine=MockEngine(logger), project=project.name, stack=stack,
        dry_run=True, organization="organization", root_directory=str(project.root), callbacks=None,
    ))
    set_all_config({k: str(v) for k, v in config.items()}, [])
    search_path = [str(project.root), str(project.program.parent)]
    sys.path[:0] = [p for p in search_path if p not in sys.path]
    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(run_in_stack(lambda: _exec_program(project)))
    except CampusInputError:
        raise
    except Exception as err:
        detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise CampusInputError(f"the program failed: {type(err).__name__}: {detail}",
                               file=project.shown(project.program)) from None
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def _exec_program(project: PulumiProject) -> None:
    runpy.run_path(str(project.program), run_name="__main__")

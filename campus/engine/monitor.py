"""A mock resource monitor and engine that record what a real engine would see and refuse what it would refuse.

The monitor records the full resource graph and the exports, and rejects a second resource with a URN already
registered ("Duplicate resource URN" in a real preview). The engine records the errors the program logs: a real
preview fails when the program logged one.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from pulumi.runtime.mocks import MockEngine, MockMonitor, Mocks
from pulumi.runtime.proto import engine_pb2
from pulumi.runtime.settings import get_project, get_stack

from campus.engine.graph import ResourceNode
from campus.engine.wire import decode_struct, plain
from campus.errors import CampusInputError

STACK_TYPE = "pulumi:pulumi:Stack"


class RecordingMonitor(MockMonitor):
    def __init__(self, mocks: Mocks, source_root: Path | None = None, program: str | None = None) -> None:
        super().__init__(mocks)
        self.source_root = source_root
        self.program = program  # the program file as error messages name it
        self.nodes: dict[str, ResourceNode] = {}
        self.exports: dict[str, Any] = {}
        self.stack_urn: str | None = None
        self._claimed: set[str] = set()
        self._claim_lock = threading.Lock()  # the SDK calls the monitor from executor threads

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        # The engine prefixes a child's type with its parent's full qualified type, except for the Stack.
        if parent:
            parent_type = parent.split("::")[2]
            if parent_type != STACK_TYPE:
                type_ = f"{parent_type}${type_}"
        return "urn:pulumi:" + "::".join([get_stack(), get_project(), type_, name])

    def _claim(self, parent: str, type_: str, name: str) -> None:
        """A URN is registered at most once per run, as the engine enforces; the second one is bad input."""
        urn = self.make_urn(parent, type_, name)
        with self._claim_lock:
            duplicate = urn in self._claimed
            self._claimed.add(urn)
        if duplicate:
            raise CampusInputError(f"duplicate resource URN '{urn}': two {type_} resources are named '{name}'; "
                                   "give each a unique name", file=self.program)

    def ReadResource(self, request: Any) -> Any:
        self._claim(request.parent, request.type, request.name)
        return super().ReadResource(request)

    def RegisterResource(self, request: Any) -> Any:
        self._claim(request.parent, request.type, request.name)
        response = super().RegisterResource(request)
        urn = response.urn
        if request.type == STACK_TYPE:
            self.stack_urn = urn
            self.nodes[urn] = ResourceNode(urn=urn, type=STACK_TYPE, name=request.name, custom=False)
            return response
        registration = self.resources.get(urn)
        state = plain(registration.state) if registration is not None else {}
        inputs = decode_struct(request.object)
        outputs = {k: v for k, v in state.items() if k not in inputs or inputs[k] != v}
        if registration is not None and registration.id:
            outputs["id"] = registration.id
        self.nodes[urn] = ResourceNode(
            urn=urn,
            type=request.type,
            name=request.name,
            custom=bool(request.custom),
            parent=request.parent or None,
            dependencies=sorted(set(request.dependencies)),
            property_dependencies={
                key: sorted(set(deps.urns)) for key, deps in sorted(request.propertyDependencies.items()) if deps.urns
            },
            protect=bool(request.protect),
            provider=request.provider or None,
            inputs=inputs,
            outputs=outputs if request.custom else {},
            source=self._source(request),
        )
        return response

    def _source(self, request: Any) -> str | None:
        """`file:line` of the program code that declared the resource, as the SDK reports it to the engine."""
        position = request.sourcePosition
        if not position.uri.startswith("file://") or self.source_root is None:
            return None
        path = Path(unquote(urlparse(position.uri).path))
        if not path.is_relative_to(self.source_root) or "site-packages" in path.parts:
            return None  # the SDK's own default provider, or code outside the project
        return f"{path.relative_to(self.source_root)}:{position.line}"

    def RegisterResourceOutputs(self, request: Any) -> Any:
        if request.urn == self.stack_urn:
            self.exports = decode_struct(request.outputs)
        return super().RegisterResourceOutputs(request)


class RecordingEngine(MockEngine):
    """The SDK's mock engine, keeping the messages the program logged at error severity."""

    def __init__(self, logger: logging.Logger) -> None:
        super().__init__(logger)
        self.errors: list[str] = []

    def Log(self, request: Any) -> Any:
        if request.severity == engine_pb2.ERROR:
            self.errors.append(request.message)
        return super().Log(request)

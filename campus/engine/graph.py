"""The desired-state resource graph: what the offline engine records and every analysis reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ResourceNode(BaseModel):
    model_config = ConfigDict(extra="forbid")

    urn: str
    type: str
    name: str
    custom: bool
    parent: str | None = None
    dependencies: list[str] = Field(default_factory=list)
    property_dependencies: dict[str, list[str]] = Field(default_factory=dict)
    protect: bool = False
    provider: str | None = None
    inputs: dict[str, Any] = Field(default_factory=dict)
    # What the (mock) provider returned: ids, ARNs, endpoints. Stack-level policies see inputs merged with these,
    # as a real `pulumi preview --policy-pack` shows them the resource's properties.
    outputs: dict[str, Any] = Field(default_factory=dict)
    # `path:line` (relative to the project root) of the program code that declared the resource, when known.
    source: str | None = None

    @property
    def source_file(self) -> str | None:
        return self.source.rpartition(":")[0] if self.source else None

    @property
    def source_line(self) -> int | None:
        return int(self.source.rpartition(":")[2]) if self.source else None


class Graph(BaseModel):
    model_config = ConfigDict(extra="forbid")

    project: str
    stack: str
    resources: list[ResourceNode]
    outputs: dict[str, Any] = Field(default_factory=dict, exclude=True)

    def of_type(self, type_token: str) -> list[ResourceNode]:
        return [r for r in self.resources if r.type == type_token]

    def by_urn(self) -> dict[str, ResourceNode]:
        return {r.urn: r for r in self.resources}

    def to_json(self) -> str:
        doc = {
            "project": self.project,
            "stack": self.stack,
            "resources": [r.model_dump(mode="json") for r in sorted(self.resources, key=lambda r: r.urn)],
        }
        return json.dumps(doc, indent=2, sort_keys=True) + "\n"

    @classmethod
    def load(cls, graph_file: Path, outputs_file: Path | None = None) -> Graph:
        graph = cls.model_validate_json(graph_file.read_text())
        if outputs_file is not None and outputs_file.exists():
            graph.outputs = json.loads(outputs_file.read_text())
        return graph

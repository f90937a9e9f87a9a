"""Rule fixtures (`policies/pulumi/fixtures/<rule-id>/{fail,pass}.json`) as resource graphs.

A fixture lists resources by type and name with their camelCase inputs, optional provider outputs, the
`protect` option and `propertyDependencies` (input name -> names of resources in the same fixture), so it runs
through exactly the runner path a synthesized stack takes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from campus.analyses.crossguard_pack import PACK_DIR
from campus.catalog.yamlfile import read_text
from campus.engine.graph import Graph, ResourceNode
from campus.errors import CampusInputError

FIXTURES_DIR = PACK_DIR / "fixtures"
FIXTURE_STACK = "fixture"
FIXTURE_PROJECT = "campus"


class FixtureResource(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    type: str
    name: str
    inputs: dict[str, Any] = Field(default_factory=dict)
    outputs: dict[str, Any] | None = None
    protect: bool = False
    parent: str | None = None
    property_dependencies: dict[str, list[str]] = Field(default_factory=dict, alias="propertyDependencies")


class Fixture(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str
    config: dict[str, Any] | None = None
    resources: list[FixtureResource] = Field(min_length=1)


def fixture_urn(resource_type: str, name: str) -> str:
    return f"urn:pulumi:{FIXTURE_STACK}::{FIXTURE_PROJECT}::{resource_type}::{name}"


def load_fixture(path: Path) -> Fixture:
    try:
        return Fixture.model_validate(json.loads(read_text(path)))
    except json.JSONDecodeError as err:
        raise CampusInputError(f"not valid JSON (line {err.lineno})", file=str(path)) from None
    except ValidationError as err:
        first = err.errors()[0]
        raise CampusInputError(first["msg"], file=str(path), key=".".join(map(str, first["loc"]))) from None


def fixture_graph(path: Path) -> Graph:
    fixture = load_fixture(path)
    urns = {r.name: fixture_urn(r.type, r.name) for r in fixture.resources}

    def resolve(names: list[str], key: str) -> list[str]:
        missing = [n for n in names if n not in urns]
        if missing:
            raise CampusInputError(f"names no resource of the fixture: {missing[0]}", file=str(path), key=key)
        return [urns[n] for n in names]

    nodes = []
    for index, resource in enumerate(fixture.resources):
        key = f"resources.{index}"
        dependencies = {
            prop: resolve(names, f"{key}.propertyDependencies.{prop}")
            for prop, names in resource.property_dependencies.items()
        }
        nodes.append(
            ResourceNode(
                urn=urns[resource.name],
                type=resource.type,
                name=resource.name,
                custom=True,
                parent=resolve([resource.parent], f"{key}.parent")[0] if resource.parent else None,
                dependencies=sorted({u for us in dependencies.values() for u in us}),
                property_dependencies=dependencies,
                protect=resource.protect,
                inputs=resource.inputs,
                outputs=resource.outputs if resource.outputs is not None else {"id": resource.name},
            )
        )
    return Graph(project=FIXTURE_PROJECT, stack=FIXTURE_STACK, resources=nodes)


def fixture_paths(rule_id: str) -> dict[str, Path]:
    folder = FIXTURES_DIR / rule_id
    return {"fail": folder / "fail.json", "pass": folder / "pass.json"}

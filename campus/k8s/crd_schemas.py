"""JSON Schemas for the custom resources campus uses: files in `policies/schemas/` plus one schema per
Gatekeeper constraint kind, derived from the ConstraintTemplate's parameter schema.

A schema file, or a ConstraintTemplate's parameter schema, that cannot be used to validate is bad input naming its
file and key: jsonschema would otherwise fail in the middle of validating (a bad `type`, an invalid `pattern`)."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from campus.catalog.yamlfile import read_yaml
from campus.errors import CampusInputError
from campus.k8s.rules import REPO_ROOT, AdmissionRule
from campus.k8s.schema_check import join, kind_of, parameter_schema_problem, schema_problem, unresolved_ref
from campus.manifests import Manifest

SCHEMA_DIR = REPO_ROOT / "policies" / "schemas"
CONSTRAINT_BASE_ID = "https://schemas.campus.local/gatekeeper.sh/constraint.yaml"
CONSTRAINT_GROUP = "constraints.gatekeeper.sh"
TEMPLATE_CRD_SPEC = ("spec", "crd", "spec")
TEMPLATE_SCHEMA_KEY = "spec.crd.spec.validation.openAPIV3Schema"

KindKey = tuple[str, str]  # (apiVersion, kind)


def _values(schema: dict[str, Any], field: str) -> list[str]:
    """The apiVersion / kind values a schema admits, read from its own `const` or `enum`."""
    properties = schema.get("properties")
    spec = properties.get(field) if isinstance(properties, dict) else None
    if not isinstance(spec, dict):
        return []
    if "const" in spec:
        return [spec["const"]]
    return list(spec.get("enum", []))


@cache
def load_schema_files(schema_dir: Path = SCHEMA_DIR) -> tuple[dict[str, Any], ...]:
    """The schema documents under `schema_dir`, parsed once per process (callers must not modify them)."""
    return tuple(schema for _, schema in _schema_files(schema_dir))


@cache
def _schema_files(schema_dir: Path) -> tuple[tuple[str, dict[str, Any]], ...]:
    """(file as shown, schema) under `schema_dir`. What campus reads of each is checked here: a mapping, its
    `$id`, the apiVersion / kind values, `$ref`s that resolve, and the constraint base. The full meta-schema check
    takes about 0.1 s for all files, so it waits until validating fails (`check_schema_files`)."""
    loaded = [(str(path), read_yaml(path, fast=True)) for path in sorted(schema_dir.rglob("*.yaml"))]
    owners: dict[str, str] = {}
    for shown, schema in loaded:
        _check_shape(schema, shown)
        schema_id = schema.get("$id")
        if schema_id in owners:
            raise CampusInputError(f"{schema_id} is already the $id of {owners[schema_id]}", file=shown, key="$id")
        if isinstance(schema_id, str):
            owners[schema_id] = shown
    registry = _registry(schema for _, schema in loaded)
    for shown, schema in loaded:
        problem = unresolved_ref(schema, registry)
        if problem:
            raise CampusInputError(problem[1], file=shown, key=join("", problem[0]))
    if CONSTRAINT_BASE_ID not in owners:
        raise CampusInputError(f"no schema has $id {CONSTRAINT_BASE_ID}, the part all Gatekeeper constraints share",
                               file=str(schema_dir))
    return tuple(loaded)


def check_schema_files(schema_dir: Path = SCHEMA_DIR) -> None:
    """Every schema file against the JSON Schema 2020-12 meta-schema; the first one that fails is bad input."""
    for shown, schema in _schema_files(schema_dir):
        problem = schema_problem(schema)
        if problem:
            raise CampusInputError(problem[1], file=shown, key=join("", problem[0]) or None)


def _check_shape(schema: Any, shown: str) -> None:
    if not isinstance(schema, dict):
        raise CampusInputError(f"must be a mapping (a JSON Schema), not {kind_of(schema)}", file=shown)
    if "$id" in schema and not isinstance(schema["$id"], str):
        raise CampusInputError(f"must be a string (a URI), not {kind_of(schema['$id'])}", file=shown, key="$id")
    properties = schema.get("properties", {})
    if not isinstance(properties, dict):
        raise CampusInputError(f"must be a mapping, not {kind_of(properties)}", file=shown, key="properties")
    for field in ("apiVersion", "kind"):
        spec = properties.get(field, {})
        key = f"properties.{field}"
        if not isinstance(spec, dict | bool):
            raise CampusInputError(f"must be a mapping (a schema), not {kind_of(spec)}", file=shown, key=key)
        if isinstance(spec, dict) and not isinstance(spec.get("enum", []), list):
            raise CampusInputError(f"must be a list, not {kind_of(spec['enum'])}", file=shown, key=f"{key}.enum")
        for value in _values(schema, field):
            if not isinstance(value, str):
                raise CampusInputError(f"{value!r} is not a string", file=shown, key=key)


def _registry(schemas: Iterable[dict[str, Any]]) -> Registry:
    return Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT202012))
        for schema in schemas if "$id" in schema
    )


def parameters_schema(openapi: dict[str, Any] | None) -> dict[str, Any]:
    """A template's parameter schema, closed at the top: the API server would silently prune a misspelt
    parameter, so campus reports it instead."""
    schema: dict[str, Any] = copy.deepcopy(openapi) if openapi else {"type": "object"}
    if "properties" in schema and "additionalProperties" not in schema:
        schema["additionalProperties"] = False
    if not schema.get("properties") and not schema.get("additionalProperties"):
        schema["maxProperties"] = 0
    return schema


def constraint_schema(kind: str, parameters: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "allOf": [{"$ref": CONSTRAINT_BASE_ID}],
        "properties": {
            "kind": {"const": kind},
            "spec": {"properties": {"parameters": parameters_schema(parameters)}},
        },
    }


def template_parameters(manifests: Iterable[Manifest]) -> dict[str, dict[str, Any] | None]:
    """Constraint kind → parameter schema of every ConstraintTemplate among `manifests`. A template whose schema
    cannot be used is bad input naming its file and key."""
    found: dict[str, dict[str, Any] | None] = {}
    for manifest in manifests:
        if manifest.kind != "ConstraintTemplate":
            continue
        kind = _mapping(manifest, (*TEMPLATE_CRD_SPEC, "names")).get("kind")
        if not isinstance(kind, str):
            continue  # the template fails its own schema; no constraint kind to define
        openapi = _mapping(manifest, (*TEMPLATE_CRD_SPEC, "validation")).get("openAPIV3Schema")
        if openapi is not None:
            problem = parameter_schema_problem(openapi)
            if problem:
                raise CampusInputError(f"{problem[1]} (the ConstraintTemplate on line {manifest.line})",
                                       file=manifest.file, key=join(TEMPLATE_SCHEMA_KEY, problem[0]))
        found[kind] = openapi
    return found


def _mapping(manifest: Manifest, keys: tuple[str, ...]) -> dict[str, Any]:
    """The mapping at `keys` in the manifest ({} where absent); anything else there is bad input."""
    node: Any = manifest.doc
    for depth, key in enumerate(keys, 1):
        node = node.get(key)
        if node is None:
            return {}
        if not isinstance(node, dict):
            raise CampusInputError(f"must be a mapping, not {kind_of(node)} (the {manifest.kind} on line "
                                   f"{manifest.line})", file=manifest.file, key=".".join(keys[:depth]))
    return node


class CrdSchemas:
    """Validators keyed by (apiVersion, kind) for every CRD kind campus knows."""

    def __init__(self, schemas: Iterable[dict[str, Any]], constraint_kinds: dict[str, dict[str, Any] | None]) -> None:
        schemas = list(schemas)
        self.registry: Registry = _registry(schemas)
        self.validators: dict[KindKey, Draft202012Validator] = {}
        for schema in schemas:
            for api_version in _values(schema, "apiVersion"):
                for kind in _values(schema, "kind"):
                    self.validators[(api_version, kind)] = self._validator(schema)
        base = next((schema for schema in schemas if schema.get("$id") == CONSTRAINT_BASE_ID), {})
        for kind, parameters in constraint_kinds.items():
            validator = self._validator(constraint_schema(kind, parameters))
            for api_version in _values(base, "apiVersion"):
                self.validators[(api_version, kind)] = validator

    def _validator(self, schema: dict[str, Any]) -> Draft202012Validator:
        return Draft202012Validator(schema, registry=self.registry)

    def lookup(self, api_version: str, kind: str) -> Draft202012Validator | None:
        return self.validators.get((api_version, kind))

    def is_constraint_group(self, api_version: str) -> bool:
        return api_version.startswith(f"{CONSTRAINT_GROUP}/")

    def check_files(self) -> None:
        """Validating failed inside jsonschema: a schema file that is no valid schema is bad input naming it."""
        check_schema_files(SCHEMA_DIR)


def crd_schemas(rules: Iterable[AdmissionRule], manifests: Iterable[Manifest]) -> CrdSchemas:
    """CRD validators: the schema files, campus's own constraint kinds and any template in `manifests`."""
    kinds: dict[str, dict[str, Any] | None] = {
        rule.spec.kind: rule.spec.parameters.json_schema if rule.spec.parameters else None for rule in rules
    }
    kinds.update(template_parameters(manifests))
    return CrdSchemas(load_schema_files(SCHEMA_DIR), kinds)

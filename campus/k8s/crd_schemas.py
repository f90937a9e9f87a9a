"""JSON Schemas for the custom resources campus uses: files in `policies/schemas/` plus one schema per
Gatekeeper constraint kind, derived from the ConstraintTemplate's parameter schema."""

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
from campus.k8s.rules import REPO_ROOT, AdmissionRule
from campus.manifests import Manifest

SCHEMA_DIR = REPO_ROOT / "policies" / "schemas"
CONSTRAINT_BASE_ID = "https://schemas.campus.local/gatekeeper.sh/constraint.yaml"
CONSTRAINT_GROUP = "constraints.gatekeeper.sh"

KindKey = tuple[str, str]  # (apiVersion, kind)


def _values(schema: dict[str, Any], field: str) -> list[str]:
    """The apiVersion / kind values a schema admits, read from its own `const` or `enum`."""
    spec = schema.get("properties", {}).get(field, {})
    if "const" in spec:
        return [spec["const"]]
    return list(spec.get("enum", []))


@cache
def load_schema_files(schema_dir: Path = SCHEMA_DIR) -> tuple[dict[str, Any], ...]:
    """The schema documents under `schema_dir`, parsed once per process (callers must not modify them)."""
    return tuple(read_yaml(path, fast=True) for path in sorted(schema_dir.rglob("*.yaml")))


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
    """Constraint kind → parameter schema of every ConstraintTemplate among `manifests`."""
    found: dict[str, dict[str, Any] | None] = {}
    for manifest in manifests:
        if manifest.kind != "ConstraintTemplate":
            continue
        crd_spec = ((manifest.doc.get("spec") or {}).get("crd") or {}).get("spec") or {}
        kind = (crd_spec.get("names") or {}).get("kind")
        if isinstance(kind, str):
            found[kind] = (crd_spec.get("validation") or {}).get("openAPIV3Schema")
    return found


class CrdSchemas:
    """Validators keyed by (apiVersion, kind) for every CRD kind campus knows."""

    def __init__(
        self, schemas: Iterable[dict[str, Any]], constraint_kinds: dict[str, dict[str, Any] | None]
    ) -> None:
        schemas = list(schemas)
        self.registry: Registry = Registry().with_resources(
            (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT202012))
            for schema in schemas if "$id" in schema
        )
        self.validators: dict[KindKey, Draft202012Validator] = {}
        for schema in schemas:
            for api_version in _values(schema, "apiVersion"):
                for kind in _values(schema, "kind"):
                    self.validators[(api_version, kind)] = self._validator(schema)
        base = next(schema for schema in schemas if schema.get("$id") == CONSTRAINT_BASE_ID)
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


def crd_schemas(rules: Iterable[AdmissionRule], manifests: Iterable[Manifest]) -> CrdSchemas:
    """CRD validators: the schema files, campus's own constraint kinds and any template in `manifests`."""
    kinds: dict[str, dict[str, Any] | None] = {
        rule.spec.kind: rule.spec.parameters.json_schema if rule.spec.parameters else None for rule in rules
    }
    kinds.update(template_parameters(manifests))
    return CrdSchemas(load_schema_files(), kinds)

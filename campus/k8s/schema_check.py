"""Checks that data read from YAML can be used where campus needs it: as JSON (Rego input and parameters) and as
JSON Schema (the CRD schema files and the parameter schemas of ConstraintTemplates). Each returns the key path and
the problem, so the caller can name the file and key (`join`); `None` means usable."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from campus.catalog.yamlfile import key_path

KeyParts = tuple[int | str, ...]
Problem = tuple[KeyParts, str]  # (where in the checked value, what is wrong)

# Keywords whose values are data, not subschemas: a `$ref` key inside them is not a reference.
_DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples", "example"})
# Keywords whose values map names (which may be `enum` or `default`) to subschemas.
_NAMED_SCHEMAS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})


def join(prefix: str, path: KeyParts) -> str:
    """`prefix` followed by `path` in key-path form, e.g. `parameters.schema.properties.a`."""
    rest = key_path(path)
    if not prefix:
        return rest
    return prefix + ("" if not rest else rest if rest.startswith("[") else f".{rest}")


def json_problem(value: Any, path: KeyParts = ()) -> Problem | None:
    """The first value JSON cannot carry: NaN or infinity, a date (YAML reads `2024-01-01` as one), binary data,
    a set, or a mapping key that is not a string."""
    if value is None or isinstance(value, bool | int | str):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else (path, f"{value} is not a JSON number (no NaN or infinity)")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return path, f"key {key!r} is not a string"
            found = json_problem(item, (*path, key))
            if found:
                return found
        return None
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = json_problem(item, (*path, index))
            if found:
                return found
        return None
    if isinstance(value, date):
        return path, f"{value.isoformat()} is a YAML date, not a string; quote it"
    return path, f"a YAML {type(value).__name__} has no JSON form"


def schema_problem(schema: Any) -> Problem | None:
    """The meta-schema's first complaint about `schema` as JSON Schema 2020-12, including a `pattern` or
    `patternProperties` key that is not a regular expression."""
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as err:
        where = tuple(err.absolute_path)
        if err.validator == "format" and err.validator_value == "regex" and isinstance(err.instance, str):
            return where, f"{err.instance!r} is not a regular expression ({_regex_error(err.instance)})"
        return where, f"not a valid JSON Schema: {err.message}"
    return None


def _regex_error(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as err:
        return str(err)
    return "rejected"


def kind_of(value: Any) -> str:
    """How YAML would call the type of `value`, for messages."""
    if value is None:
        return "empty"
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
             dict: "a mapping"}
    return next((name for kind, name in names.items() if isinstance(value, kind)), f"a {type(value).__name__}")


def _refs(node: Any, path: KeyParts = (), names: bool = False) -> Iterator[tuple[KeyParts, str]]:
    """Every `$ref` in a schema; `names`: `node` maps names to subschemas (the value of `properties`)."""
    if isinstance(node, dict):
        if names:
            for name, value in node.items():
                yield from _refs(value, (*path, name))
            return
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield (*path, "$ref"), ref
        for key, value in node.items():
            if key not in _DATA_KEYWORDS:
                yield from _refs(value, (*path, key), key in _NAMED_SCHEMAS)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _refs(item, (*path, index))


def unresolved_ref(schema: dict[str, Any], registry: Registry) -> Problem | None:
    """The first `$ref` in `schema` that resolves to nothing, with `schema` as the base and `registry` holding the
    other documents. (A nested `$id` would change the base; campus's schemas have none.)"""
    resolver = registry.resolver_with_root(Resource.from_contents(schema, default_specification=DRAFT202012))
    for path, ref in _refs(schema):
        try:
            resolver.lookup(ref)
        except (Unresolvable, ValueError):  # ValueError: not a URI at all
            return path, f"{ref} resolves to nothing"
    return None


def first_ref(schema: Any) -> Problem | None:
    """A `$ref` in a CRD's schema, which Kubernetes rejects (`$ref is not supported`)."""
    for path, _ in _refs(schema):
        return path, "$ref is not supported in a Kubernetes CRD schema; write the schema out"
    return None


def parameter_schema_problem(schema: Any) -> Problem | None:
    """What makes a Gatekeeper parameter schema (a CRD's openAPIV3Schema) unusable, if anything."""
    if not isinstance(schema, dict):
        return (), f"must be a mapping (a schema), not {kind_of(schema)}"
    return json_problem(schema) or schema_problem(schema) or first_ref(schema)

"""Strict schema validation: kubernetes-validate's schemas for built-in kinds, campus's JSON Schemas for CRDs.

An object whose kind has no schema at all is bad input (`CampusInputError`), not a finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match

from campus.errors import CampusInputError
from campus.findings import ControlRef, Finding, RuleMeta
from campus.k8s.builtin_schemas import builtin_validator
from campus.k8s.crd_schemas import CrdSchemas, crd_schemas
from campus.k8s.rules import shipped_rules
from campus.manifests import Manifest

SCHEMA_RULE = RuleMeta(
    id="K8S-SCHEMA-001",
    title="Manifests conform to their API schema",
    description="Every Kubernetes object validates strictly (no unknown fields) against the schema of its "
                "kind: the Kubernetes OpenAPI schema for built-in kinds, campus's JSON Schemas for CRDs.",
    severity="high",
    enforcement="mandatory",
    remediation="Fix the field named in the message; an unknown field is a typo or from another API version.",
    controls=(
        ControlRef(framework="NIST-800-53", version="rev5", id="cm-6"),
        ControlRef(framework="NIST-800-53", version="rev5", id="si-10"),
    ),
)


def schema_rules() -> list[RuleMeta]:
    return [SCHEMA_RULE]


def validate(manifests: list[Manifest], k8s_version: str = "1.33") -> list[Finding]:
    """One `fail` finding per invalid object (naming its first problem) and one `pass` per valid object."""
    crds = crd_schemas(shipped_rules(), manifests)
    return [_finding(manifest, _problem(manifest, crds, k8s_version)) for manifest in manifests]


def _finding(manifest: Manifest, problem: str | None) -> Finding:
    return Finding.from_rule(
        SCHEMA_RULE, engine="schema", status="fail" if problem else "pass",
        message=problem or f"valid {manifest.doc.get('apiVersion')} {manifest.kind}",
        resource=manifest.resource_id, file=manifest.file, line=manifest.line,
    )


def _problem(manifest: Manifest, crds: CrdSchemas, k8s_version: str) -> str | None:
    api_version, kind = manifest.doc.get("apiVersion"), manifest.doc.get("kind")
    where = f"line {manifest.line}" if manifest.line else None
    if not isinstance(api_version, str) or not isinstance(kind, str) or not api_version or not kind:
        raise CampusInputError("object has no apiVersion or kind", file=manifest.file, key=where)
    validator = crds.lookup(api_version, kind)
    if validator is not None:
        try:
            error = best_match(validator.iter_errors(manifest.doc))
        except Exception:
            # A schema file that is no valid schema (`type: 7`, a bad `pattern`) fails here: name it instead.
            crds.check_files()
            raise
        return _describe(error) if error is not None else None
    if crds.is_constraint_group(api_version):
        raise CampusInputError(f"no ConstraintTemplate defines constraint kind {kind}", file=manifest.file,
                               key=f"kind {kind}")
    return _builtin_problem(manifest, api_version, kind, k8s_version)


def _builtin_problem(manifest: Manifest, api_version: str, kind: str, k8s_version: str) -> str | None:
    validator = builtin_validator(api_version, kind, k8s_version)
    if validator is None:
        message = f"no schema for {api_version} {kind} in Kubernetes {k8s_version} or the campus CRD schemas"
        raise CampusInputError(message, file=manifest.file, key=f"kind {kind}")
    error = best_match(validator.iter_errors(manifest.doc))
    return _describe(error) if error is not None else None


def _describe(error: jsonschema.ValidationError) -> str:
    path = _json_path(error.absolute_path)
    return f"{path}: {error.message}" if path else error.message


def _json_path(parts: Iterable[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out

"""Cached strict validators for built-in Kubernetes kinds, from the schemas kubernetes-validate ships.

`kubernetes_validate.validate` re-reads its ~MB definitions file on every call (~15 ms per object); the gate
validates hundreds of objects, so the validator for each (Kubernetes version, apiVersion, kind) is built once.
The file layout mirrors kubernetes-validate's own lookup; tests compare both on the same objects.
"""

from __future__ import annotations

import re
from functools import cache

from jsonschema import Draft202012Validator
from kubernetes_validate.utils import (
    VersionNotSupportedError,
    all_versions,
    latest_version,
    major_minor,
    schema_contents,
)
from referencing import Registry, Resource

from campus.errors import CampusInputError


@cache
def schema_version(k8s_version: str) -> str:
    """The newest bundled schema version not newer than `k8s_version`."""
    wanted = major_minor(k8s_version.removeprefix("v"))
    candidates = [version for version in all_versions() if major_minor(version) <= wanted]
    if wanted > latest_version() or not candidates:
        raise CampusInputError(f"no bundled schemas for Kubernetes {k8s_version}", key="k8s_version")
    return candidates[-1]


@cache
def builtin_validator(api_version: str, kind: str, k8s_version: str) -> Draft202012Validator | None:
    """The strict validator for a built-in kind, or None when Kubernetes has no such kind."""
    version = schema_version(k8s_version)
    schema_dir = f"kubernetes-json-schema/v{version}-local-strict"
    # rbac.authorization.k8s.io/v1 → rbac-v1, the bundled file naming.
    short_api_version = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    try:
        schema = schema_contents(f"{schema_dir}/{kind.lower()}-{short_api_version}.json", version)
    except (FileNotFoundError, VersionNotSupportedError):
        return None
    if schema.get("x-kubernetes-group-version-kind") and not _declares(schema, api_version, kind):
        return None
    registry: Registry = _definitions(schema_dir, version) @ Registry()
    registry = Resource.from_contents(schema) @ registry
    return Draft202012Validator(schema, registry=registry)


@cache
def _definitions(schema_dir: str, version: str) -> Resource:
    return Resource.from_contents(schema_contents(f"{schema_dir}/_definitions.json", version))


def _declares(schema: dict, api_version: str, kind: str) -> bool:
    """Whether the schema file really describes this group (file names drop the group's domain)."""
    group, _, version = api_version.rpartition("/")
    return any(gvk.get("group", "") == group and gvk.get("version") == version and gvk.get("kind") == kind
               for gvk in schema["x-kubernetes-group-version-kind"])

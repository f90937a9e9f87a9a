"""Argo CD objects as the add-on checks see them: Applications (ApplicationSets expanded), their sources and
their AppProjects."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from campus.errors import CampusInputError
from campus.manifests import Manifest

# The subset of Go templates campus's ApplicationSets use; anything else is reported, not guessed.
_SEGMENT = re.compile(r"\{\{\s*index \.path\.segments (\d+)\s*\}\}")
_PATH = re.compile(r"\{\{\s*\.path\.path\s*\}\}")
_BASENAME = re.compile(r"\{\{\s*\.path\.basename\s*\}\}")
_IF_EQ = re.compile(
    r'\{\{\s*if eq \(index \.path\.segments (\d+)\) "([^"]*)"\s*\}\}(.*?)\{\{\s*else\s*\}\}(.*?)\{\{\s*end\s*\}\}'
)
CLUSTER_SCOPED_KINDS = frozenset({
    "Namespace", "CustomResourceDefinition", "APIService", "ClusterRole", "ClusterRoleBinding",
    "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding", "IngressClass", "IngressClassParams", "PriorityClass", "StorageClass",
    "PersistentVolume", "ClusterSecretStore", "ClusterExternalSecret", "ConstraintTemplate",
})
CLUSTER_SCOPED_GROUPS = frozenset({"constraints.gatekeeper.sh"})


class TemplateError(ValueError):
    """An ApplicationSet template uses an expression campus does not evaluate."""


@dataclass(frozen=True)
class Source:
    repo_url: str
    chart: str | None
    path: str | None
    target_revision: str
    ref: str | None
    helm: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Application:
    name: str
    project: str
    destination_server: str
    destination_namespace: str
    sources: tuple[Source, ...]
    sync_policy: dict[str, Any]
    manifest: Manifest


def group_of(api_version: str) -> str:
    return api_version.split("/", 1)[0] if "/" in api_version else ""


def is_cluster_scoped(group: str, kind: str) -> bool:
    return kind in CLUSTER_SCOPED_KINDS or group in CLUSTER_SCOPED_GROUPS


def mapping(value: Any, manifest: Manifest, key: str) -> dict[str, Any]:
    """A field that must be a mapping when present; anything else is bad input naming the object and the key."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise CampusInputError(f"must be a mapping, not {type(value).__name__} ({manifest.kind} {manifest.name!r} "
                               f"on line {manifest.line})", file=manifest.file, key=key)
    return value


def mappings(value: Any, manifest: Manifest, key: str) -> list[dict[str, Any]]:
    """A field that must be a list of mappings when present."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise CampusInputError(f"must be a list, not {type(value).__name__} ({manifest.kind} {manifest.name!r} "
                               f"on line {manifest.line})", file=manifest.file, key=key)
    return [mapping(item, manifest, f"{key}[{index}]") for index, item in enumerate(value)]


def application_from(manifest: Manifest, spec: dict[str, Any], name: str) -> Application:
    raw_sources = (mappings(spec.get("sources"), manifest, "spec.sources") if spec.get("sources")
                   else [mapping(spec.get("source"), manifest, "spec.source")] if spec.get("source") else [])
    sources = tuple(
        Source(
            repo_url=str(s.get("repoURL", "")), chart=s.get("chart"), path=s.get("path"),
            target_revision=str(s.get("targetRevision", "")), ref=s.get("ref"),
            helm=mapping(s.get("helm"), manifest, "spec.sources[].helm"),
        )
        for s in raw_sources
    )
    destination = mapping(spec.get("destination"), manifest, "spec.destination")
    return Application(
        name=name, project=str(spec.get("project", "")),
        destination_server=str(destination.get("server") or destination.get("name") or ""),
        destination_namespace=str(destination.get("namespace") or ""),
        sources=sources, sync_policy=mapping(spec.get("syncPolicy"), manifest, "spec.syncPolicy"), manifest=manifest,
    )


def applications(manifests: list[Manifest], root: Path) -> list[Application]:
    """Every Application, with ApplicationSets expanded over their git directory generators."""
    out = [application_from(m, mapping(m.doc.get("spec"), m, "spec"), m.name) for m in manifests
           if m.kind == "Application"]
    for appset in (m for m in manifests if m.kind == "ApplicationSet"):
        out += expand_application_set(appset, root)
    return out


def expand_application_set(appset: Manifest, root: Path) -> list[Application]:
    spec = mapping(appset.doc.get("spec"), appset, "spec")
    template = mapping(spec.get("template"), appset, "spec.template")
    out: list[Application] = []
    for index, generator in enumerate(mappings(spec.get("generators"), appset, "spec.generators")):
        key = f"spec.generators[{index}].git"
        for entry in mappings(mapping(generator.get("git"), appset, key).get("directories"), appset,
                              f"{key}.directories"):
            if entry.get("exclude"):
                continue
            pattern = str(entry.get("path", ""))
            if not pattern or Path(pattern).is_absolute() or ".." in Path(pattern).parts:
                raise CampusInputError(f"{pattern!r} is not a path inside the repository", file=appset.file,
                                       key=f"{key}.directories[].path")
            for directory in sorted(p for p in root.glob(pattern) if p.is_dir()):
                path = str(directory.relative_to(root))
                rendered = _render(template, path)
                name = str(mapping(rendered.get("metadata"), appset, "spec.template.metadata").get("name", ""))
                out.append(application_from(appset, mapping(rendered.get("spec"), appset, "spec.template.spec"), name))
    return out


def _render(value: Any, path: str) -> Any:
    if isinstance(value, dict):
        return {k: _render(v, path) for k, v in value.items()}
    if isinstance(value, list):
        return [_render(v, path) for v in value]
    if isinstance(value, str) and "{{" in value:
        return render_template(value, path)
    return value


def render_template(text: str, path: str) -> str:
    segments = path.split("/")

    def segment(index: str) -> str:
        return segments[int(index)] if int(index) < len(segments) else ""

    text = _IF_EQ.sub(lambda m: m.group(3) if segment(m.group(1)) == m.group(2) else m.group(4), text)
    text = _SEGMENT.sub(lambda m: segment(m.group(1)), text)
    text = _PATH.sub(path, text)
    text = _BASENAME.sub(segments[-1], text)
    if "{{" in text:
        raise TemplateError(f"unsupported template expression in {text!r}")
    return text


@dataclass(frozen=True)
class Project:
    name: str
    source_repos: frozenset[str]
    destinations: frozenset[tuple[str, str]]
    cluster_kinds: frozenset[tuple[str, str]]
    namespace_kinds: frozenset[tuple[str, str]]
    wildcards: tuple[str, ...]
    manifest: Manifest


def projects(manifests: list[Manifest]) -> dict[str, Project]:
    out: dict[str, Project] = {}
    for m in (m for m in manifests if m.kind == "AppProject"):
        spec = mapping(m.doc.get("spec"), m, "spec")
        destinations = frozenset(
            (str(d.get("server") or d.get("name") or ""), str(d.get("namespace", "")))
            for d in mappings(spec.get("destinations"), m, "spec.destinations")
        )
        cluster = _kinds(mappings(spec.get("clusterResourceWhitelist"), m, "spec.clusterResourceWhitelist"))
        namespaced = _kinds(mappings(spec.get("namespaceResourceWhitelist"), m, "spec.namespaceResourceWhitelist"))
        repos = frozenset(str(r) for r in spec.get("sourceRepos") or [])
        wildcards = tuple(
            label for label, values in (
                ("sourceRepos", repos),
                ("destinations", {part for pair in destinations for part in pair}),
                ("clusterResourceWhitelist", {part for pair in cluster for part in pair}),
                ("namespaceResourceWhitelist", {part for pair in namespaced for part in pair}),
            ) if any("*" in v for v in values)
        )
        out[m.name] = Project(m.name, repos, destinations, cluster, namespaced, wildcards, m)
    return out


def _kinds(entries: list[dict[str, Any]] | None) -> frozenset[tuple[str, str]]:
    return frozenset((str(e.get("group", "")), str(e.get("kind", ""))) for e in entries or [])

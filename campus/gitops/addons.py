"""Argo CD add-ons and projects, checked offline: pins, values, security settings, project scope, sync policy."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from campus.catalog.yamlfile import read_yaml
from campus.errors import CampusInputError
from campus.findings import Finding, RuleMeta, Status
from campus.gitops import rules
from campus.gitops.addon_requirements import CHART_REQUIREMENTS, Component
from campus.gitops.argocd import (
    Application,
    Project,
    Source,
    TemplateError,
    applications,
    group_of,
    is_cluster_scoped,
    projects,
)
from campus.gitops.kustomize import ALL_ENVIRONMENTS, CLUSTER_AREA, build_overlay, build_targets
from campus.gitops.layout import BOOTSTRAP_AREA, BOOTSTRAP_DIR, CLUSTERS_DIR, ENVIRONMENTS, REPO_URL, kustomization_file
from campus.manifests import Manifest, load_files

EXACT_VERSION = re.compile(r"^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
VALUES_PREFIX = "$"
PROD = "prod"


class AddonCheck:
    """Findings for one environment's Argo CD tree; renders each repository path once."""

    def __init__(self, root: Path, environment: str, manifests: list[Manifest],
                 prebuilt: dict[str, list[Manifest] | str]) -> None:
        self.root = root
        self.environment = environment
        self.manifests = manifests
        self.projects = projects(manifests)
        self.findings: list[Finding] = []
        self._rendered = prebuilt

    def emit(self, meta: RuleMeta, status: Status, manifest: Manifest, resource: str, message: str) -> None:
        self.findings.append(Finding.from_rule(
            meta, engine="consistency", status=status,
            resource=resource, message=f"{self.environment}: {message}", stack=self.environment,
            file=manifest.file, line=manifest.line,
        ))

    def run(self) -> list[Finding]:
        for project in self.projects.values():
            if project.wildcards:
                self.emit(rules.PROJECT_SCOPE, "fail", project.manifest, f"AppProject/{project.name}",
                          f"AppProject {project.name} uses `*` in {', '.join(project.wildcards)}")
        try:
            apps = applications(self.manifests, self.root)
        except TemplateError as err:
            appset = next(m for m in self.manifests if m.kind == "ApplicationSet")
            self.emit(rules.PROJECT_SCOPE, "fail", appset, f"ApplicationSet/{appset.name}", str(err))
            apps = applications([m for m in self.manifests if m.kind != "ApplicationSet"], self.root)
        for app in apps:
            self._check_application(app)
        return self.findings

    def _check_application(self, app: Application) -> None:
        resource = f"Application/{app.name}"
        checks: list[tuple[RuleMeta, Callable[[Application], list[str]]]] = [
            (rules.SYNC_POLICY, _sync_policy_problems),
            (rules.PROJECT_SCOPE, self._project_problems),
        ]
        helm_sources = [s for s in app.sources if s.chart]
        if helm_sources:
            checks += [
                (rules.HELM_PINNED, lambda a: [p for s in helm_sources if (p := _pin_problem(s))]),
                (rules.HELM_VALUES, lambda a: self._values(a, helm_sources)[1]),
                (rules.HELM_SECURITY, lambda a: self._security_problems(a, helm_sources)),
            ]
            if self.environment == PROD:
                checks.append((rules.HELM_REPLICAS, lambda a: self._replica_problems(a, helm_sources)))
        for meta, check in checks:
            problems = check(app)
            for problem in problems:
                self.emit(meta, "fail", app.manifest, resource, f"{app.name}: {problem}")
            if not problems:
                self.emit(meta, "pass", app.manifest, resource, f"{app.name}: {meta.title.lower()}")

    def _project_problems(self, app: Application) -> list[str]:
        project = self.projects.get(app.project)
        if project is None:
            return [f"AppProject {app.project!r} is not defined in this cluster's tree"]
        problems = [f"source {s.repo_url} is not in project {project.name}'s sourceRepos"
                    for s in app.sources if s.repo_url not in project.source_repos]
        if (app.destination_server, app.destination_namespace) not in project.destinations:
            problems.append(f"destination {app.destination_server} namespace {app.destination_namespace!r} "
                            f"is not a destination of project {project.name}")
        for source in app.sources:
            if source.repo_url == REPO_URL and source.path:
                problems += self._kind_problems(app, project, source.path)
        return problems

    def _kind_problems(self, app: Application, project: Project, path: str) -> list[str]:
        rendered = self._render(path)
        if isinstance(rendered, str):
            return [rendered]
        problems: list[str] = []
        for manifest in rendered:
            group = group_of(str(manifest.doc.get("apiVersion", "")))
            key = (group, manifest.kind)
            if is_cluster_scoped(group, manifest.kind):
                if key not in project.cluster_kinds:
                    problems.append(f"cluster-scoped {manifest.kind} ({group or 'core'}) from {path} is not in "
                                    f"project {project.name}'s clusterResourceWhitelist")
                continue
            if key not in project.namespace_kinds:
                problems.append(f"{manifest.kind} ({group or 'core'}) from {path} is not in project "
                                f"{project.name}'s namespaceResourceWhitelist")
            namespace = manifest.namespace or app.destination_namespace
            if (app.destination_server, namespace) not in project.destinations:
                problems.append(f"{manifest.kind} {manifest.name} lands in namespace {namespace!r}, not a "
                                f"destination of project {project.name}")
        return sorted(set(problems))

    def _render(self, path: str) -> list[Manifest] | str:
        if path not in self._rendered:
            directory = self.root / path
            if kustomization_file(directory) is None:
                self._rendered[path] = f"path {path} has no kustomization to render"
            else:
                try:
                    self._rendered[path] = build_overlay(directory, self.root)
                except CampusInputError as err:
                    self._rendered[path] = str(err)
        return self._rendered[path]

    def _values(self, app: Application, sources: list[Source]) -> tuple[dict[str, Any], list[str]]:
        refs = {s.ref: s for s in app.sources if s.ref}
        merged: dict[str, Any] = {}
        problems: list[str] = []
        for source in sources:
            for value_file in source.helm.get("valueFiles") or []:
                data, problem = self._value_file(str(value_file), refs)
                if problem:
                    problems.append(problem)
                merged = deep_merge(merged, data)
            inline = source.helm.get("valuesObject")
            if isinstance(inline, dict):
                merged = deep_merge(merged, inline)
        return merged, problems

    def _value_file(self, value_file: str, refs: dict[str, Source]) -> tuple[dict[str, Any], str | None]:
        if not value_file.startswith(VALUES_PREFIX):
            return {}, f"values file {value_file} is not a $ref into this repository"
        ref, _, relative = value_file[1:].partition("/")
        source = refs.get(ref)
        if source is None or source.repo_url != REPO_URL:
            return {}, f"values file {value_file}: no source with ref '{ref}' pointing at {REPO_URL}"
        path = self.root / relative
        if not path.is_file():
            return {}, f"values file {relative} does not exist"
        data = read_yaml(path, relative)  # a values file that is not YAML at all is bad input, not a finding
        if not isinstance(data, dict):
            return {}, f"values file {relative} is not a mapping"
        return data, None

    def _security_problems(self, app: Application, sources: list[Source]) -> list[str]:
        values, _ = self._values(app, sources)
        problems: list[str] = []
        for source in sources:
            components = CHART_REQUIREMENTS.get(str(source.chart))
            if components is None:
                problems.append(f"campus has no requirements for chart {source.chart}; add it to addon_requirements")
                continue
            for component in _enabled(components, values):
                problems += _component_problems(component, values)
        return problems

    def _replica_problems(self, app: Application, sources: list[Source]) -> list[str]:
        values, _ = self._values(app, sources)
        problems: list[str] = []
        for source in sources:
            for component in _enabled(CHART_REQUIREMENTS.get(str(source.chart), ()), values):
                if component.replicas is None:
                    continue
                replicas = lookup(values, component.replicas)
                if not isinstance(replicas, int) or replicas < 2:
                    problems.append(f"{component.name} runs {replicas!r} replica(s) in prod ({component.replicas})")
        return problems


def _enabled(components: tuple[Component, ...], values: dict[str, Any]) -> list[Component]:
    return [c for c in components if c.enabled is None or lookup(values, c.enabled) is not False]


def _component_problems(component: Component, values: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    resources = lookup(values, component.resources)
    for section in ("requests", "limits"):
        block = resources.get(section) if isinstance(resources, dict) else None
        if not isinstance(block, dict) or not {"cpu", "memory"} <= set(block):
            problems.append(f"{component.name} has no {section} for cpu and memory ({component.resources}.{section})")
    contexts = [lookup(values, path) for path in component.security_contexts]
    if not any(isinstance(c, dict) and c.get("runAsNonRoot") is True for c in contexts):
        problems.append(f"{component.name} does not set runAsNonRoot: true "
                        f"({' or '.join(component.security_contexts)})")
    return problems


def _sync_policy_problems(app: Application) -> list[str]:
    automated = app.sync_policy.get("automated")
    if not isinstance(automated, dict):
        return ["syncPolicy.automated is not set"]
    return [f"syncPolicy.automated.{flag} is not true"
            for flag in ("prune", "selfHeal") if automated.get(flag) is not True]


def _pin_problem(source: Source) -> str | None:
    if EXACT_VERSION.match(source.target_revision):
        return None
    return f"chart {source.chart} targetRevision {source.target_revision!r} is not an exact version"


def lookup(values: dict[str, Any], dotted: str) -> Any:
    current: Any = values
    for key in dotted.split("."):
        if not isinstance(current, dict) or key not in current:
            return None
        current = current[key]
    return current


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Helm's value layering: maps merge, everything else replaces, null deletes."""
    merged = dict(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def check_addons(root: Path, rendered: dict[tuple[str, str], list[Manifest]] | None = None) -> list[Finding]:
    """Every environment's Argo CD tree (gitops/clusters/<env> plus gitops/bootstrap): add-on pins and values,
    projects and sync policy. `rendered` (build_all's result) saves rendering the same directories again."""
    root = root.resolve()
    prebuilt: dict[str, list[Manifest] | str] = {}
    if rendered is not None:
        for key, directory in build_targets(root).items():
            if key in rendered:
                prebuilt[str(directory.relative_to(root))] = rendered[key]
    given = rendered.get((BOOTSTRAP_AREA, ALL_ENVIRONMENTS)) if rendered is not None else None
    bootstrap = given if given is not None else load_files(sorted((root / BOOTSTRAP_DIR).glob("*.yaml")), root)
    findings: list[Finding] = []
    for environment in ENVIRONMENTS:
        cluster = root / CLUSTERS_DIR / environment
        if kustomization_file(cluster) is None:
            continue
        cluster_manifests = rendered.get((CLUSTER_AREA, environment)) if rendered else None
        if cluster_manifests is None:
            cluster_manifests = build_overlay(cluster, root)
        root_apps = [m for m in bootstrap if m.kind != "Application" or m.file.endswith(f"root-{environment}.yaml")]
        findings += AddonCheck(root, environment, [*root_apps, *cluster_manifests], prebuilt).run()
    return findings

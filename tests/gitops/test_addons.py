"""Add-on checks: pins, values, security settings, replicas, project scope, sync policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from campus.errors import CampusInputError
from campus.findings import Finding
from campus.gitops import check_addons
from campus.gitops.addons import AddonCheck, deep_merge
from campus.gitops.argocd import applications
from campus.gitops.kustomize import CLUSTER_AREA
from campus.gitops.layout import REPO_URL
from campus.manifests import Manifest, parse_documents
from tests.gitops.support import ROOT, copy_tree, edit

PROJECT = f"""
apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: {{name: platform, namespace: argocd}}
spec:
  sourceRepos: [{REPO_URL}, https://charts.example.org]
  destinations: [{{server: https://kubernetes.default.svc, namespace: tools}}]
  clusterResourceWhitelist: []
  namespaceResourceWhitelist: [{{group: "", kind: ConfigMap}}]
"""


def application(version: str = "1.2.3", *, chart: str = "metrics-server", namespace: str = "tools",
                value_file: str = "$values/values.yaml", automated: str = "{prune: true, selfHeal: true}") -> str:
    return f"""
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {{name: addon, namespace: argocd}}
spec:
  project: platform
  sources:
    - {{repoURL: https://charts.example.org, chart: {chart}, targetRevision: "{version}",
       helm: {{valueFiles: ["{value_file}"]}}}}
    - {{repoURL: {REPO_URL}, targetRevision: main, ref: values}}
  destination: {{server: https://kubernetes.default.svc, namespace: {namespace}}}
  syncPolicy: {{automated: {automated}}}
"""


GOOD_VALUES = """
replicas: 2
resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {cpu: 100m, memory: 64Mi}}
securityContext: {runAsNonRoot: true}
"""


def run(tmp_path: Path, app: str, values: str = GOOD_VALUES, environment: str = "prod") -> list[Finding]:
    (tmp_path / "values.yaml").write_text(values)
    manifests = parse_documents(PROJECT + "---" + app, "cluster.yaml")
    return [f for f in AddonCheck(tmp_path, environment, manifests, {}).run() if f.status == "fail"]


def rule_ids(findings: list[Finding]) -> list[str]:
    return sorted(f.rule_id for f in findings)


def test_real_tree_passes(rendered: dict[tuple[str, str], list[Manifest]]) -> None:
    findings = check_addons(ROOT, rendered)
    assert [f"{f.rule_id} {f.stack} {f.message}" for f in findings if f.status == "fail"] == []
    pinned = {f.resource for f in findings if f.rule_id == "GITOPS-ADDON-001" and f.stack == "prod"}
    assert "Application/kube-prometheus-stack" in pinned and "Application/gatekeeper" in pinned


def test_good_addon_passes(tmp_path: Path) -> None:
    assert run(tmp_path, application()) == []


@pytest.mark.parametrize("version", ["1.2.*", "^1.2.3", "~1.2.3", ">=1.2.3", "1.2", "latest", "HEAD", ""])
def test_floating_chart_versions_fail(tmp_path: Path, version: str) -> None:
    assert rule_ids(run(tmp_path, application(version))) == ["GITOPS-ADDON-001"]


def test_values_file_must_exist_and_be_a_mapping(tmp_path: Path) -> None:
    assert rule_ids(run(tmp_path, application(value_file="$values/nope.yaml"))) == [
        "GITOPS-ADDON-002", "GITOPS-ADDON-003", "GITOPS-ADDON-003", "GITOPS-ADDON-003", "GITOPS-ADDON-004"]
    assert "GITOPS-ADDON-002" in rule_ids(run(tmp_path, application(), values="- a list\n"))


def test_a_values_file_that_is_not_yaml_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(CampusInputError, match=r"^values.yaml: line 2: malformed YAML"):
        run(tmp_path, application(), values="replicas: [2\n")


def test_missing_security_settings_fail(tmp_path: Path) -> None:
    values = "replicas: 2\nresources: {requests: {cpu: 10m, memory: 16Mi}}\nsecurityContext: {runAsUser: 0}\n"
    messages = [f.message for f in run(tmp_path, application(), values=values)]
    assert len(messages) == 2
    assert any("no limits" in m for m in messages) and any("runAsNonRoot" in m for m in messages)


def test_unknown_chart_needs_requirements(tmp_path: Path) -> None:
    found = run(tmp_path, application(chart="mystery"))
    assert rule_ids(found) == ["GITOPS-ADDON-003"] and "no requirements for chart mystery" in found[0].message


def test_prod_replicas_are_advisory(tmp_path: Path) -> None:
    found = run(tmp_path, application(), values=GOOD_VALUES.replace("replicas: 2", "replicas: 1"))
    assert [(f.rule_id, f.enforcement) for f in found] == [("GITOPS-ADDON-004", "advisory")]
    assert run(tmp_path, application(), values=GOOD_VALUES.replace("replicas: 2", "replicas: 1"),
               environment="dev") == []


def test_destination_outside_project_fails(tmp_path: Path) -> None:
    found = run(tmp_path, application(namespace="kube-system"))
    assert rule_ids(found) == ["GITOPS-PROJ-001"] and "kube-system" in found[0].message


def test_sync_policy_needs_prune_and_self_heal(tmp_path: Path) -> None:
    found = run(tmp_path, application(automated="{prune: true}"))
    assert rule_ids(found) == ["GITOPS-SYNC-001"] and "selfHeal" in found[0].message


def test_wildcard_project_fails(tmp_path: Path) -> None:
    (tmp_path / "values.yaml").write_text(GOOD_VALUES)
    manifests = parse_documents(PROJECT.replace("kind: ConfigMap", "kind: '*'") + "---" + application(), "c.yaml")
    found = [f for f in AddonCheck(tmp_path, "dev", manifests, {}).run() if f.status == "fail"]
    assert rule_ids(found) == ["GITOPS-PROJ-001"] and "namespaceResourceWhitelist" in found[0].message


def test_helm_values_layering() -> None:
    merged = deep_merge({"a": {"b": 1, "c": 2}, "d": 1}, {"a": {"b": 3}, "d": None})
    assert merged == {"a": {"b": 3, "c": 2}}


def test_floating_version_in_the_real_tree_is_caught(
    tmp_path: Path, rendered: dict[tuple[str, str], list[Manifest]]
) -> None:
    root = copy_tree(tmp_path, "gitops", "apps")
    edit(root / "gitops/addons/loki/application.yaml", "targetRevision: 6.30.1", "targetRevision: 6.x")
    # Reuse the unchanged renders, but not the cluster roots: those hold the edited Application.
    reused = {key: value for key, value in rendered.items() if key[0] != CLUSTER_AREA}
    failing = [f for f in check_addons(root, reused) if f.status == "fail"]
    assert {(f.rule_id, f.resource, f.file) for f in failing} == {
        ("GITOPS-ADDON-001", "Application/loki", "gitops/addons/loki/application.yaml")}
    assert {f.stack for f in failing} == {"dev", "staging", "prod", "learner-lab"}


def test_kind_outside_project_whitelist_is_caught(
    tmp_path: Path, rendered: dict[tuple[str, str], list[Manifest]]
) -> None:
    root = copy_tree(tmp_path, "gitops", "apps")
    edit(root / "gitops/projects/platform.yaml", "    - {group: monitoring.coreos.com, kind: PodMonitor}\n", "")
    reused = {key: value for key, value in rendered.items() if key[0] != CLUSTER_AREA}
    failing = [f for f in check_addons(root, reused) if f.status == "fail" and f.stack == "learner-lab"]
    assert [(f.rule_id, f.resource) for f in failing] == [("GITOPS-PROJ-001", "Application/observability-config")]
    assert "PodMonitor" in failing[0].message


@pytest.mark.parametrize(("old", "new", "key"), [
    ("  destination: {server: https://kubernetes.default.svc, namespace: tools}\n", "  destination: tools\n",
     "spec.destination"),
    ("  syncPolicy: {automated: {prune: true, selfHeal: true}}\n", "  syncPolicy: manual\n", "spec.syncPolicy"),
    ("    - {repoURL: " + REPO_URL + ", targetRevision: main, ref: values}\n", "    - values\n", "spec.sources[1]"),
])
def test_an_application_field_of_the_wrong_shape_is_bad_input(tmp_path: Path, old: str, new: str, key: str) -> None:
    app = application()
    assert old in app
    with pytest.raises(CampusInputError, match=rf"^cluster.yaml: {re.escape(key)}: must be a mapping, not str"):
        run(tmp_path, app.replace(old, new))


def test_an_application_set_path_outside_the_repository_is_bad_input(tmp_path: Path) -> None:
    appset = parse_documents(
        "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: s}\n"
        "spec:\n  generators: [{git: {directories: [{path: /etc/*}]}}]\n  template: {metadata: {name: x}}\n",
        "set.yaml")
    with pytest.raises(CampusInputError, match=r"^set.yaml: .*path: '/etc/\*' is not a path inside the repository"):
        applications(appset, tmp_path)

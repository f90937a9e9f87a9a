"""The shape of the Argo CD tree: one repository URL, sync-wave order, generated Applications, lab subset."""

from __future__ import annotations

import re

import pytest

from campus.gitops.argocd import applications
from campus.gitops.layout import ENVIRONMENTS, REPO_URL
from campus.manifests import Manifest
from tests.gitops.support import ROOT

LAB_ONLY_WITHOUT = {"aws-load-balancer-controller", "external-secrets", "cluster-autoscaler", "metrics-server",
                    "tempo", "cluster-secret-store", "kafka-topics"}


def wave(manifest: Manifest) -> int:
    return int((manifest.doc["metadata"].get("annotations") or {}).get("argocd.argoproj.io/sync-wave", "0"))


def test_one_repository_url_everywhere() -> None:
    urls = {url for path in (ROOT / "gitops").rglob("*.yaml")
            for url in re.findall(r"https://github\.com/[\w./-]+", path.read_text())}
    assert urls == {REPO_URL}


def test_ignore_differences_are_explained() -> None:
    for path in (ROOT / "gitops").rglob("*.yaml"):
        lines = path.read_text().splitlines()
        for index, line in enumerate(lines):
            if line.strip() == "ignoreDifferences:":
                assert lines[index + 1].strip().startswith("#"), f"{path}:{index + 2} needs a why-comment"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_sync_waves_put_projects_namespaces_and_crds_first(
    rendered: dict[tuple[str, str], list[Manifest]], environment: str
) -> None:
    cluster = rendered[("cluster", environment)]
    waves = {m.name: wave(m) for m in cluster}
    projects = [wave(m) for m in cluster if m.kind == "AppProject"]
    assert max(projects) < waves["namespaces"] < waves["gatekeeper"] < waves["gatekeeper-policies"] < 0
    assert waves["kube-prometheus-stack"] < waves["observability-config"] < waves["campus-services"] == 0
    if "kafka-topics" in waves:
        assert waves["external-secrets"] < waves["cluster-secret-store"] < waves["kafka-topics"] < 0


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_application_set_generates_one_application_per_service(
    rendered: dict[tuple[str, str], list[Manifest]], environment: str
) -> None:
    cluster = rendered[("cluster", environment)]
    generated = [a for a in applications(cluster, ROOT) if a.manifest.kind == "ApplicationSet"]
    services = sorted(p.name for p in (ROOT / "apps").iterdir() if (p / "contract.yaml").is_file())
    assert sorted(a.name for a in generated) == services
    for app in generated:
        assert app.sources[0].path == f"apps/{app.name}/overlays/{environment}"
        assert app.project == ("labs" if app.name == "lab-orchestrator" else "apps")
        assert app.destination_namespace == "campus"


def test_learner_lab_runs_the_single_node_subset(rendered: dict[tuple[str, str], list[Manifest]]) -> None:
    lab = {m.name for m in rendered[("cluster", "learner-lab")] if m.kind == "Application"}
    prod = {m.name for m in rendered[("cluster", "prod")] if m.kind == "Application"}
    assert lab & LAB_ONLY_WITHOUT == set()
    assert prod >= LAB_ONLY_WITHOUT
    assert {"gatekeeper", "kube-prometheus-stack", "loki", "learner-lab-host"} <= lab


def test_helm_addons_take_values_from_the_repository(rendered: dict[tuple[str, str], list[Manifest]]) -> None:
    prod = applications(rendered[("cluster", "prod")], ROOT)
    helm = [a for a in prod if any(s.chart for s in a.sources)]
    assert len(helm) == 9
    for app in helm:
        chart, values = app.sources
        assert values.repo_url == REPO_URL and values.ref == "values"
        assert chart.helm["valueFiles"][0] == f"$values/gitops/addons/{app.name}/values.yaml"

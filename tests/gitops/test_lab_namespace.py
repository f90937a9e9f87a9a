"""The per-lab namespace template (a Kustomize component) and the lab-orchestrator's RBAC."""

from __future__ import annotations

from pathlib import Path

import pytest

from campus.gitops import build_overlay
from campus.manifests import Manifest
from tests.gitops.support import copy_tree


def instantiate(tmp_path: Path, lab: str) -> dict[str, Manifest]:
    root = copy_tree(tmp_path, "apps/components/lab-namespace")
    lab_dir = root / "labs" / lab
    lab_dir.mkdir(parents=True)
    (lab_dir / "kustomization.yaml").write_text(
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
        f"namespace: {lab}\ncomponents:\n  - ../../apps/components/lab-namespace\n")
    return {m.kind: m for m in build_overlay(lab_dir, root)}


def test_template_makes_an_isolated_restricted_namespace(tmp_path: Path) -> None:
    objects = instantiate(tmp_path, "lab-3f9a")
    assert set(objects) == {"Namespace", "ResourceQuota", "LimitRange", "NetworkPolicy", "ServiceAccount"}
    namespace = objects["Namespace"]
    assert namespace.name == "lab-3f9a"
    assert namespace.doc["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    assert all(m.namespace == "lab-3f9a" for kind, m in objects.items() if kind != "Namespace")
    deny = objects["NetworkPolicy"].doc["spec"]
    assert deny["podSelector"] == {} and set(deny["policyTypes"]) == {"Ingress", "Egress"}
    assert "ingress" not in deny and "egress" not in deny
    assert objects["ServiceAccount"].name == "default"
    assert objects["ServiceAccount"].doc["automountServiceAccountToken"] is False
    hard = objects["ResourceQuota"].doc["spec"]["hard"]
    assert {"requests.cpu", "limits.memory", "pods"} <= set(hard) and hard["services.loadbalancers"] == "0"
    limits = objects["LimitRange"].doc["spec"]["limits"][0]
    assert {"default", "defaultRequest", "max"} <= set(limits)


def test_lab_orchestrator_rbac_is_bound_to_its_service_account_only(
    rendered: dict[tuple[str, str], list[Manifest]]
) -> None:
    manifests = rendered[("lab-orchestrator", "prod")]
    role = next(m for m in manifests if m.kind == "ClusterRole")
    binding = next(m for m in manifests if m.kind == "ClusterRoleBinding")
    resources = {r for rule in role.doc["rules"] for r in rule["resources"]}
    verbs = {v for rule in role.doc["rules"] for v in rule["verbs"]}
    assert "namespaces" in resources and {"resourcequotas", "limitranges", "networkpolicies"} <= resources
    assert not {"secrets", "roles", "rolebindings", "clusterroles", "*"} & resources
    assert not {"*", "bind", "escalate", "impersonate", "update", "patch"} & verbs
    assert binding.doc["subjects"] == [{"kind": "ServiceAccount", "name": "lab-orchestrator", "namespace": "campus"}]
    others = [m for (service, _), ms in rendered.items() if service != "lab-orchestrator" for m in ms
              if m.kind in {"ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"}]
    assert others == []


def test_template_passes_schema_and_admission(tmp_path: Path) -> None:
    schema = pytest.importorskip("campus.k8s.schema")
    admission = pytest.importorskip("campus.k8s.admission")
    manifests = list(instantiate(tmp_path, "lab-7c21").values())
    assert [f.message for f in schema.validate(manifests) if f.status == "fail"] == []
    assert [f.message for f in admission.evaluate(manifests) if f.blocks] == []

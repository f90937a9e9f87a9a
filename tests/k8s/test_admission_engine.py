"""`campus.k8s.admission`: findings shape, Constraint-style matching and the in-process inventory."""

from __future__ import annotations

from typing import Any

import yaml

from campus.k8s.admission import admission_rules, evaluate
from campus.k8s.rules import load_match_defaults
from campus.manifests import Manifest, parse_documents


def container(privileged: bool = False) -> dict[str, Any]:
    security: dict[str, Any] = {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                                "capabilities": {"drop": ["ALL"]}}
    if privileged:
        security["privileged"] = True
    return {
        "name": "app",
        "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/campus/grades:2.0.1",
        "resources": {"requests": {"cpu": "50m", "memory": "64Mi"},
                      "limits": {"cpu": "200m", "memory": "128Mi"}},
        "livenessProbe": {"tcpSocket": {"port": 8080}},
        "readinessProbe": {"tcpSocket": {"port": 8080}},
        "securityContext": security,
    }


def deployment(namespace: str | None, replicas: int = 1, privileged: bool = False) -> dict[str, Any]:
    metadata = {"name": "grades", **({"namespace": namespace} if namespace else {})}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": metadata,
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": "grades"}},
            "template": {
                "metadata": {"labels": {"app": "grades"}},
                "spec": {
                    "automountServiceAccountToken": False,
                    "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
                    "containers": [container(privileged)],
                },
            },
        },
    }


def network_policy(namespace: str) -> dict[str, Any]:
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": "default-deny", "namespace": namespace},
            "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}}


def docs(*objects: dict[str, Any]) -> list[Manifest]:
    return parse_documents(yaml.safe_dump_all(objects, sort_keys=False), "apps/grades.yaml")


def failed(findings, rule_id: str) -> list[str]:
    return [f.message for f in findings if f.rule_id == rule_id and f.status == "fail"]


def test_compliant_workload_passes_every_rule_once() -> None:
    manifests = docs(deployment("grades"), network_policy("grades"))
    findings = evaluate(manifests)
    assert [f for f in findings if f.status == "fail"] == []
    on_deployment = [f for f in findings if f.resource == "apps/grades.yaml#Deployment/grades/grades"]
    assert sorted(f.rule_id for f in on_deployment) == sorted(rule.id for rule in admission_rules())
    first = on_deployment[0]
    assert (first.engine, first.file, first.line) == ("admission", "apps/grades.yaml", 1)


def test_failure_carries_rule_metadata_and_location() -> None:
    manifests = docs(network_policy("grades"), deployment("grades", privileged=True))
    [finding] = [f for f in evaluate(manifests) if f.status == "fail"]
    assert finding.rule_id == "K8S-PSS-003"
    assert finding.message == "container app runs privileged"
    assert manifests[1].line is not None and manifests[1].line > 1
    assert finding.line == manifests[1].line
    assert finding.resource == "apps/grades.yaml#Deployment/grades/grades"
    assert finding.severity == "critical" and finding.blocks
    assert any(c.framework == "CIS-Kubernetes" and c.id == "5.2.2" for c in finding.controls)


def test_excluded_namespaces_and_other_kinds_are_not_matched() -> None:
    excluded = load_match_defaults().excluded_namespaces[0]
    service = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "grades", "namespace": "grades"},
               "spec": {"ports": [{"port": 80}]}}
    assert evaluate(docs(deployment(excluded, privileged=True), service)) == []


def test_a_workload_without_namespace_lands_in_default() -> None:
    findings = evaluate(docs(deployment(None), network_policy("default")))
    assert failed(findings, "K8S-BP-006") == [
        "workloads must not run in the default namespace; set metadata.namespace"
    ]


def test_network_policy_must_be_in_the_workloads_namespace() -> None:
    findings = evaluate(docs(deployment("grades"), network_policy("other")))
    assert failed(findings, "K8S-BP-007") == [
        "namespace grades has no NetworkPolicy; add one (default deny plus the flows the workload needs)"
    ]


def test_budget_written_in_an_older_version_still_counts() -> None:
    budget = {"apiVersion": "policy/v1beta1", "kind": "PodDisruptionBudget",
              "metadata": {"name": "grades", "namespace": "grades"},
              "spec": {"maxUnavailable": 1, "selector": {"matchLabels": {"app": "grades"}}}}
    without = evaluate(docs(deployment("grades", replicas=3), network_policy("grades")))
    with_budget = evaluate(docs(deployment("grades", replicas=3), network_policy("grades"), budget))
    assert failed(without, "K8S-BP-008") == [
        "Deployment grades is replicated but no PodDisruptionBudget selects its pods"
    ]
    assert failed(with_budget, "K8S-BP-008") == []


def test_admission_rules_lists_every_rule_once() -> None:
    ids = [rule.id for rule in admission_rules()]
    assert len(ids) == len(set(ids)) == 24
    assert {rule_id.rsplit("-", 1)[0] for rule_id in ids} == {"K8S-PSS", "K8S-BP"}

"""`campus.k8s.admission`: findings shape, Constraint-style matching, the in-process inventory, parameters."""

from __future__ import annotations

from typing import Any

import yaml

from campus.k8s.admission import AdmissionEngine, admission_rules, evaluate
from campus.k8s.rules import AdmissionRule, RuleFile, load_match_defaults
from campus.manifests import Manifest, parse_documents

IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/campus/grades:2.0.1"


def container(privileged: bool = False, image: str = IMAGE) -> dict[str, Any]:
    security: dict[str, Any] = {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                                "capabilities": {"drop": ["ALL"]}}
    if privileged:
        security["privileged"] = True
    return {
        "name": "app",
        "image": image,
        "resources": {"requests": {"cpu": "50m", "memory": "64Mi"},
                      "limits": {"cpu": "200m", "memory": "128Mi"}},
        "livenessProbe": {"tcpSocket": {"port": 8080}},
        "readinessProbe": {"tcpSocket": {"port": 8080}},
        "securityContext": security,
    }


def deployment(namespace: str | None, replicas: int = 1, privileged: bool = False,
               image: str = IMAGE) -> dict[str, Any]:
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
                    "containers": [container(privileged, image)],
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


def test_regex_parameters_keep_their_escapes() -> None:
    # The allow-list pattern has `\.dkr\.ecr`; were its backslashes lost, `.` would match the `X` here.
    image = IMAGE.replace(".dkr.ecr.", ".dkrXecr.")
    findings = evaluate(docs(deployment("grades", image=image), network_policy("grades")))
    assert failed(findings, "K8S-BP-004") == [
        f"container app uses image {image} from a registry outside the allow-list"
    ]
    assert failed(evaluate(docs(deployment("grades"), network_policy("grades"))), "K8S-BP-004") == []


def custom_rule(folder: str, number: int, body: str, parameters: dict[str, Any] | None = None) -> AdmissionRule:
    spec = RuleFile.model_validate({
        "id": f"K8S-BP-{number}", "kind": f"K8sBp{folder.title()}", "title": folder, "description": folder,
        "severity": "low", "enforcement": "advisory", "remediation": "none",
        "controls": [{"framework": "NIST-800-53", "version": "rev5", "id": "cm-6"}],
        **({"parameters": {"schema": {"type": "object"}, "values": parameters}} if parameters is not None else {}),
    })
    rego = f"package campus.admission.{folder}\n\nimport rego.v1\n\n{body}\n"
    return AdmissionRule(folder=folder, spec=spec, rego=rego, kinds=("Deployment",), excluded_namespaces=())


def test_each_rule_sees_its_own_parameters_in_one_evaluation() -> None:
    # beta and gamma read alpha's `word`, which depends on `input.parameters`: its value must not leak across rules.
    rules = [
        custom_rule("alpha", 901, """
word := input.parameters.word

violation contains {"msg": sprintf("alpha sees %v", [word])}""", {"word": "a"}),
        custom_rule("beta", 902, """
violation contains {"msg": sprintf("beta sees %v", [data.campus.admission.alpha.word])}""", {"word": "b"}),
        custom_rule("gamma", 903, """
violation contains {"msg": sprintf("gamma sees %v", [data.campus.admission.alpha.word])}

violation contains {"msg": "gamma sees no word"} if not data.campus.admission.alpha.word"""),
        custom_rule("delta", 904, """
violation contains {"msg": "delta matched"} if regex.match(input.parameters.pattern, input.review.name)""",
                    {"pattern": r"^gr\w+s$"}),
        custom_rule("epsilon", 905, """
violation contains {"msg": "never"} if input.parameters.word"""),
    ]
    findings = AdmissionEngine(rules, docs(deployment("grades"))).run()
    # Findings keep their order: rules sharing parameters together, in order of first appearance.
    assert [(f.rule_id, f.status, f.message) for f in findings] == [
        ("K8S-BP-901", "fail", "alpha sees a"),
        ("K8S-BP-902", "fail", "beta sees b"),
        ("K8S-BP-903", "fail", "gamma sees no word"),
        ("K8S-BP-905", "pass", "epsilon: admitted"),
        ("K8S-BP-904", "fail", "delta matched"),
    ]

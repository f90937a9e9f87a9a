"""Contracts against rendered manifests: the real tree is consistent, a deliberately broken copy is caught."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from campus.catalog.contracts import Contract
from campus.engine.graph import Graph, ResourceNode
from campus.findings import Finding
from campus.gitops import build_overlay, check_consistency, consistency_rules
from campus.gitops.layout import ENVIRONMENTS
from campus.manifests import Manifest
from tests.gitops.support import ROOT, copy_tree, edit


def failures(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.status == "fail"]


def test_real_tree_is_consistent(rendered: dict[tuple[str, str], list[Manifest]],
                                 contracts: dict[str, Contract]) -> None:
    findings = check_consistency(ROOT, contracts, {}, rendered)
    assert [f"{f.rule_id} {f.file}: {f.message}" for f in failures(findings)] == []
    checked = {(f.rule_id, f.stack) for f in findings if f.status == "pass"}
    assert {("GITOPS-NP-001", env) for env in ENVIRONMENTS} <= checked


def test_rules_are_unique_and_mapped_to_the_catalog() -> None:
    from campus.controls import unknown_controls

    metas = consistency_rules()
    assert len({m.id for m in metas}) == len(metas)
    assert unknown_controls([c for m in metas for c in m.controls]) == []


@pytest.fixture
def broken_root(tmp_path: Path) -> Path:
    """A copy of the quiz service (plus the shared components) that a test then breaks."""
    root = copy_tree(tmp_path, "apps/components", "apps/quiz")
    return root


def findings_for(root: Path, contracts: dict[str, Contract], environment: str,
                 graphs: dict[str, Graph] | None = None) -> list[Finding]:
    rendered = {("quiz", environment): build_overlay(root / "apps/quiz/overlays" / environment, root)}
    only_quiz = {"quiz": contracts["quiz"], **{n: c for n, c in contracts.items() if n != "quiz"}}
    findings = check_consistency(root, only_quiz, graphs or {}, rendered)
    return [f for f in failures(findings) if f.rule_id != "GITOPS-OVL-001"]


def test_undeclared_flow_is_caught(broken_root: Path, contracts: dict[str, Contract]) -> None:
    # quiz calls nobody; an egress to chatbot-rag is a flow its contract does not declare.
    edit(broken_root / "apps/quiz/base/networkpolicy.yaml", "            cidr: 0.0.0.0/0\n",
         "            cidr: 0.0.0.0/0\n        - podSelector:\n            matchLabels:\n"
         "              app.kubernetes.io/name: chatbot-rag\n")
    found = findings_for(broken_root, contracts, "prod")
    assert [(f.rule_id, f.file) for f in found] == [("GITOPS-NP-001", "apps/quiz/base/networkpolicy.yaml")]
    assert "egress to service:chatbot-rag" in found[0].message
    assert found[0].line is not None


def test_missing_declared_flow_is_caught(broken_root: Path, contracts: dict[str, Contract]) -> None:
    path = broken_root / "apps/quiz/base/networkpolicy.yaml"
    docs = path.read_text().split("---\n")
    path.write_text("---\n".join(d for d in docs if "quiz-to-database" not in d))
    found = findings_for(broken_root, contracts, "staging")
    assert [f.rule_id for f in found] == ["GITOPS-NP-001"]
    assert "egress to database" in found[0].message


def test_wrong_service_account_is_caught(broken_root: Path, contracts: dict[str, Contract]) -> None:
    edit(broken_root / "apps/quiz/base/deployment.yaml", "serviceAccountName: quiz", "serviceAccountName: default")
    found = findings_for(broken_root, contracts, "dev")
    assert [f.rule_id for f in found] == ["GITOPS-SA-001"]
    assert "'default'" in found[0].message


QUIZ_INFRA = """apiVersion: v1
kind: ConfigMap
metadata:
  name: quiz-infra
data:
  AWS_REGION: us-east-1
"""


def declare_infra_configmap(overlay: Path) -> None:
    (overlay / "infra-configmap.yaml").write_text(QUIZ_INFRA)
    edit(overlay / "kustomization.yaml", "  - ../../base\n", "  - ../../base\n  - infra-configmap.yaml\n")


def test_lab_overlay_must_not_own_the_infra_configmap(broken_root: Path, contracts: dict[str, Contract]) -> None:
    declare_infra_configmap(broken_root / "apps/quiz/overlays/learner-lab")
    found = findings_for(broken_root, contracts, "learner-lab")
    assert [(f.rule_id, f.file) for f in found] == [
        ("GITOPS-CM-001", "apps/quiz/overlays/learner-lab/infra-configmap.yaml")]
    assert "the lab host bootstrap owns" in found[0].message


def test_all_three_breaks_together(broken_root: Path, contracts: dict[str, Contract]) -> None:
    edit(broken_root / "apps/quiz/base/deployment.yaml", "serviceAccountName: quiz", "serviceAccountName: quiz-admin")
    declare_infra_configmap(broken_root / "apps/quiz/overlays/learner-lab")
    edit(broken_root / "apps/quiz/base/networkpolicy.yaml", "        - port: 5432\n",
         "        - port: 5432\n        - port: 22\n")
    rules = sorted({f.rule_id for f in findings_for(broken_root, contracts, "learner-lab")})
    assert rules == ["GITOPS-CM-001", "GITOPS-NP-001", "GITOPS-SA-001"]


def test_eks_overlay_must_not_own_pulumi_objects(broken_root: Path, contracts: dict[str, Contract]) -> None:
    lab = broken_root / "apps/quiz/overlays/learner-lab"
    prod = broken_root / "apps/quiz/overlays/prod"
    (prod / "serviceaccount.yaml").write_text((lab / "serviceaccount.yaml").read_text())
    edit(prod / "kustomization.yaml", "  - ../../base\n", "  - ../../base\n  - serviceaccount.yaml\n")
    declare_infra_configmap(prod)
    messages = [f.message for f in findings_for(broken_root, contracts, "prod")]
    assert any("ServiceAccount the Pulumi bootstrap owns" in m for m in messages)
    assert any("quiz-infra, which the Pulumi bootstrap owns" in m for m in messages)


def test_unpinned_and_foreign_images_are_caught(broken_root: Path, contracts: dict[str, Contract]) -> None:
    edit(broken_root / "apps/quiz/overlays/prod/kustomization.yaml", 'newTag: "1.3.1"', 'newTag: "latest"')
    edit(broken_root / "apps/quiz/overlays/prod/kustomization.yaml",
         "newName: 777788889999.dkr.ecr", "newName: 111122223333.dkr.ecr")
    assert sorted(f.rule_id for f in findings_for(broken_root, contracts, "prod")) == [
        "GITOPS-IMG-001", "GITOPS-IMG-002"]


def test_token_mount_without_contract_is_caught(broken_root: Path, contracts: dict[str, Contract]) -> None:
    edit(broken_root / "apps/quiz/base/deployment.yaml", "automountServiceAccountToken: false",
         "automountServiceAccountToken: true")
    assert [f.rule_id for f in findings_for(broken_root, contracts, "dev")] == ["GITOPS-SA-002"]


# --- against a stack graph (the shape campus synth writes), built small here ------------------------------

def node(type_: str, name: str, inputs: dict[str, object], outputs: dict[str, object] | None = None) -> ResourceNode:
    return ResourceNode(urn=f"urn:pulumi:prod::campus::{type_}::{name}", type=type_, name=name, custom=True,
                        inputs=inputs, outputs=outputs or {})


def quiz_graph(*, role_subject: str = "system:serviceaccount:campus:quiz", keys: list[str] | None = None,
               repository_url: str = "777788889999.dkr.ecr.us-east-1.amazonaws.com/campus/quiz",
               aurora: str = "campus-prod-aurora") -> Graph:
    role_arn = "arn:aws:iam::777788889999:role/campus-prod-quiz"
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
        "Principal": {"Federated": "arn:aws:iam::777788889999:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X"},
        "Condition": {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/X:sub": role_subject,
                                       "oidc.eks.us-east-1.amazonaws.com/id/X:aud": "sts.amazonaws.com"}}}]}
    data = dict.fromkeys(keys if keys is not None else [], "x")
    return Graph(project="campus", stack="prod", resources=[
        node("aws:ec2/vpc:Vpc", "vpc", {"cidrBlock": "10.30.0.0/16"}),
        node("aws:iam/role:Role", "quiz-irsa", {"assumeRolePolicy": json.dumps(trust)}, {"arn": role_arn}),
        node("kubernetes:core/v1:ServiceAccount", "quiz-sa", {"metadata": {
            "name": "quiz", "namespace": "campus", "annotations": {"eks.amazonaws.com/role-arn": role_arn}}}),
        node("kubernetes:core/v1:ConfigMap", "quiz-infra", {"metadata": {"name": "quiz-infra", "namespace": "campus"},
                                                          "data": data}),
        node("aws:ecr/repository:Repository", "quiz-repo", {"name": "campus/quiz"},
             {"repositoryUrl": repository_url}),
        node("aws:rds/cluster:Cluster", "aurora", {"clusterIdentifier": aurora},
             {"arn": f"arn:aws:rds:us-east-1:777788889999:cluster:{aurora}"}),
    ])


def test_matching_graph_passes(broken_root: Path, contracts: dict[str, Contract]) -> None:
    graph = quiz_graph(keys=contracts["quiz"].infra_keys())
    assert findings_for(broken_root, contracts, "prod", {"prod": graph}) == []


def test_graph_mismatches_are_caught(broken_root: Path, contracts: dict[str, Contract]) -> None:
    graph = quiz_graph(role_subject="system:serviceaccount:campus:feedback",
                       keys=[k for k in contracts["quiz"].infra_keys() if k != "TABLE_USERS"] + ["DB_PASSWORD"],
                       repository_url="777788889999.dkr.ecr.us-east-1.amazonaws.com/other/quiz",
                       aurora="campus-prod-aurora-v2")
    found = findings_for(broken_root, contracts, "prod", {"prod": graph})
    by_rule = {f.rule_id: f.message for f in found}
    assert set(by_rule) == {"GITOPS-SA-001", "GITOPS-CM-001", "GITOPS-IMG-002", "GITOPS-SEC-001"}
    assert "no IAM role in stack prod trusts system:serviceaccount:campus:quiz" in by_rule["GITOPS-SA-001"]
    assert "DB_PASSWORD" in by_rule["GITOPS-CM-001"]


def test_private_peer_outside_the_vpc_is_caught(broken_root: Path, contracts: dict[str, Contract]) -> None:
    graph = quiz_graph(keys=contracts["quiz"].infra_keys())
    database_patch = ("campus.dev/flow=database\n    patch: |-\n      - op: replace\n"
                      "        path: /spec/egress/0/to/0/ipBlock/cidr\n        value: 10.30.0.0/16\n")
    edit(broken_root / "apps/components/env-prod/kustomization.yaml", database_patch,
         database_patch.replace("10.30.0.0/16", "10.99.0.0/16"))
    found = findings_for(broken_root, contracts, "prod", {"prod": graph})
    assert [f.rule_id for f in found] == ["GITOPS-NP-001"]
    assert "outside the stack's VPC" in found[0].message


def test_real_tree_matches_the_synthesized_stacks(
    rendered: dict[tuple[str, str], list[Manifest]], contracts: dict[str, Contract], graphs: dict[str, Graph]
) -> None:
    findings = check_consistency(ROOT, contracts, graphs, rendered)
    assert [f"{f.rule_id} {f.stack}: {f.message}" for f in failures(findings)] == []
    # The graph-backed checks really ran: Pulumi's ServiceAccounts, ConfigMaps and ECR repositories were found.
    assert all(graphs[env].of_type("kubernetes:core/v1:ServiceAccount") for env in ("dev", "staging", "prod"))

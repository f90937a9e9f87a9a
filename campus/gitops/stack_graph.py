"""What the GitOps checks read from a Pulumi stack's resource graph (campus.engine.graph)."""

from __future__ import annotations

import json
from typing import Any

from campus.engine.graph import Graph, ResourceNode
from campus.gitops.layout import APPS_NAMESPACE

SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount"
CONFIG_MAP = "kubernetes:core/v1:ConfigMap"
IAM_ROLE = "aws:iam/role:Role"
ECR_REPOSITORY = "aws:ecr/repository:Repository"
VPC = "aws:ec2/vpc:Vpc"
AURORA_CLUSTER = "aws:rds/cluster:Cluster"
IRSA_ANNOTATION = "eks.amazonaws.com/role-arn"


def _metadata(node: ResourceNode) -> dict[str, Any]:
    return node.inputs.get("metadata") or {}


def kubernetes_object(graph: Graph, type_token: str, name: str, namespace: str = APPS_NAMESPACE) -> ResourceNode | None:
    for node in graph.of_type(type_token):
        meta = _metadata(node)
        if meta.get("name") == name and (meta.get("namespace") or "default") == namespace:
            return node
    return None


def node_annotations(node: ResourceNode) -> dict[str, str]:
    return dict(_metadata(node).get("annotations") or {})


def configmap_keys(node: ResourceNode) -> set[str]:
    return set((node.inputs.get("data") or {}).keys())


def service_account_subject(service: str, namespace: str = APPS_NAMESPACE) -> str:
    return f"system:serviceaccount:{namespace}:{service}"


def roles_trusting(graph: Graph, subject: str) -> list[ResourceNode]:
    """IAM roles whose trust policy lets exactly this Kubernetes ServiceAccount assume them (OIDC `sub`)."""
    return [node for node in graph.of_type(IAM_ROLE) if subject in _trusted_subjects(node)]


def _trusted_subjects(role: ResourceNode) -> set[str]:
    policy = role.inputs.get("assumeRolePolicy")
    if isinstance(policy, str):
        try:
            policy = json.loads(policy)
        except json.JSONDecodeError:
            return set()
    if not isinstance(policy, dict):
        return set()
    statements = policy.get("Statement") or []
    subjects: set[str] = set()
    for statement in statements if isinstance(statements, list) else [statements]:
        for operator, conditions in (statement.get("Condition") or {}).items():
            if not operator.startswith("StringEquals"):
                continue  # StringLike would let a pattern match several ServiceAccounts
            for key, value in (conditions or {}).items():
                if key.endswith(":sub"):
                    subjects |= set(value) if isinstance(value, list) else {str(value)}
    return subjects


def role_arn(role: ResourceNode) -> str | None:
    arn = role.outputs.get("arn")
    return str(arn) if arn else None


def ecr_repository_url(graph: Graph, repository_name: str) -> str | None:
    for node in graph.of_type(ECR_REPOSITORY):
        if node.inputs.get("name") == repository_name:
            url = node.outputs.get("repositoryUrl")
            return str(url) if url else None
    return None


def aurora_cluster_arns(graph: Graph) -> set[str]:
    return {str(node.outputs["arn"]) for node in graph.of_type(AURORA_CLUSTER) if node.outputs.get("arn")}

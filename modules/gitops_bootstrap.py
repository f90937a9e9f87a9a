"""The cluster side Pulumi owns: namespaces, Argo CD (pinned Helm release), the root Application from gitops/bootstrap,
and per service the IRSA-annotated ServiceAccount and the `<service>-infra` ConfigMap of infra endpoints.
Everything else in the cluster is Argo CD's, from gitops/."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from campus.catalog.contracts import APPS_NAMESPACE, Contract
from campus.catalog.yamlfile import read_yaml
from campus.config.tiers import GitOpsConfig
from campus.errors import CampusInputError

ARGOCD_NAMESPACE = "argocd"
PLATFORM_NAMESPACES = ("observability", "external-secrets")
KAFKA_CLIENTS = ("kafka-topics", "otel-collector")
# Controllers that talk to the Kubernetes API need their token; the topic Job and the collector's lag reader don't
# (the collector's k8sattributes preset does, so it keeps it).
TOKEN_USERS = ("aws-load-balancer-controller", "cluster-autoscaler", "external-secrets", "otel-collector")
ARGOCD_CHART_REPO = "https://argoproj.github.io/argo-helm"
IRSA_ANNOTATION = "eks.amazonaws.com/role-arn"
RESTRICTED = {"pod-security.kubernetes.io/enforce": "restricted",
              "pod-security.kubernetes.io/enforce-version": "latest",
              "pod-security.kubernetes.io/warn": "restricted", "pod-security.kubernetes.io/audit": "restricted"}


@dataclass(frozen=True)
class BootstrapArgs:
    environment: str
    region: str
    root: Path
    config: GitOpsConfig
    cluster_name: pulumi.Input[str]
    cluster_endpoint: pulumi.Input[str]
    cluster_ca: pulumi.Input[str]
    contracts: dict[str, Contract]
    role_arns: dict[str, pulumi.Input[str]]
    infra_values: dict[str, dict[str, pulumi.Input[str]]]
    replicas: int
    platform_accounts: dict[str, tuple[str, str, pulumi.Input[str]]]
    kafka_bootstrap: pulumi.Input[str]


def kubeconfig(name: str, endpoint: str, ca: str, region: str) -> str:
    """A kubeconfig without credentials: the token comes from `aws eks get-token` at use."""
    return json.dumps({
        "apiVersion": "v1", "kind": "Config", "current-context": name,
        "clusters": [{"name": name, "cluster": {"server": endpoint, "certificate-authority-data": ca}}],
        "contexts": [{"name": name, "context": {"cluster": name, "user": name}}],
        "users": [{"name": name, "user": {"exec": {
            "apiVersion": "client.authentication.k8s.io/v1beta1", "command": "aws",
            "args": ["eks", "get-token", "--cluster-name", name, "--region", region]}}}],
    })


def argocd_values(replicas: int) -> dict[str, Any]:
    ha = replicas > 1
    return {
        "global": {"domain": "argocd.campus.internal"},
        "configs": {"params": {"server.insecure": False}, "cm": {"admin.enabled": False}},
        "dex": {"enabled": False},
        "redis-ha": {"enabled": ha},
        "controller": {"replicas": 1},
        "server": {"replicas": replicas, "autoscaling": {"enabled": False}},
        "repoServer": {"replicas": replicas},
        "applicationSet": {"replicas": replicas},
    }


class GitOpsBootstrap(pulumi.ComponentResource):
    def __init__(self, name: str, args: BootstrapArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("campus:gitops:GitOpsBootstrap", name, None, opts)
        self.provider = k8s.Provider(
            f"{name}-cluster",
            kubeconfig=pulumi.Output.all(args.cluster_name, args.cluster_endpoint, args.cluster_ca).apply(
                lambda v: kubeconfig(v[0], v[1], v[2], args.region)),
            enable_server_side_apply=True,
            opts=pulumi.ResourceOptions(parent=self))
        on_cluster = pulumi.ResourceOptions(parent=self, provider=self.provider)
        labels = {"app.kubernetes.io/part-of": "campus", "app.kubernetes.io/managed-by": "pulumi"}
        argocd_ns = k8s.core.v1.Namespace(f"{name}-argocd", metadata={"name": ARGOCD_NAMESPACE, "labels": labels},
                                          opts=on_cluster)
        apps_ns = k8s.core.v1.Namespace(f"{name}-apps", metadata={"name": APPS_NAMESPACE,
                                                                   "labels": {**labels, **RESTRICTED}},
                                        opts=on_cluster)
        namespaces = {APPS_NAMESPACE: apps_ns, "kube-system": None}
        for extra in PLATFORM_NAMESPACES:
            namespaces[extra] = k8s.core.v1.Namespace(
                f"{name}-{extra}", metadata={"name": extra, "labels": {**labels, **RESTRICTED}}, opts=on_cluster)
        argocd = k8s.helm.v3.Release(
            f"{name}-argocd", name="argocd", chart="argo-cd", version=args.config.argocd_chart_version,
            namespace=ARGOCD_NAMESPACE, repository_opts=k8s.helm.v3.RepositoryOptsArgs(repo=ARGOCD_CHART_REPO),
            values=argocd_values(args.replicas), atomic=True, cleanup_on_fail=True, timeout=900,
            opts=pulumi.ResourceOptions(parent=self, provider=self.provider, depends_on=[argocd_ns]))
        after_argocd = pulumi.ResourceOptions(parent=self, provider=self.provider, depends_on=[argocd])
        for label, manifest in self._root_objects(args):
            k8s.apiextensions.CustomResource(
                f"{name}-{label}", api_version=manifest["apiVersion"], kind=manifest["kind"],
                metadata=manifest["metadata"], spec=manifest["spec"], opts=after_argocd)

        after_ns = pulumi.ResourceOptions(parent=self, provider=self.provider, depends_on=[apps_ns])
        self.service_accounts: dict[str, k8s.core.v1.ServiceAccount] = {}
        for service, contract in sorted(args.contracts.items()):
            service_labels = {**labels, "app.kubernetes.io/name": service}
            self.service_accounts[service] = k8s.core.v1.ServiceAccount(
                f"{name}-{service}-sa",
                metadata={"name": contract.service_account, "namespace": APPS_NAMESPACE, "labels": service_labels,
                          "annotations": {IRSA_ANNOTATION: args.role_arns[service]}},
                automount_service_account_token=contract.kubernetes_api, opts=after_ns)
            values = args.infra_values[service]
            missing = [key for key in contract.infra_keys() if key not in values]
            if missing:
                raise CampusInputError(f"no infra value for {', '.join(missing)}",
                                       file=f"apps/{service}/contract.yaml")
            k8s.core.v1.ConfigMap(
                f"{name}-{service}-infra",
                metadata={"name": f"{service}-infra", "namespace": APPS_NAMESPACE, "labels": service_labels},
                data={key: values[key] for key in contract.infra_keys()}, opts=after_ns)
        self._platform_workloads(name, args, namespaces, labels)
        self.register_outputs({})

    def _platform_workloads(self, name: str, args: BootstrapArgs, namespaces: dict[str, k8s.core.v1.Namespace | None],
                            labels: dict[str, str]) -> None:
        """Add-ons and the topic Job run under ServiceAccounts Pulumi owns (IRSA) and read infra from ConfigMaps."""
        for workload, (namespace, account, role_arn) in sorted(args.platform_accounts.items()):
            owner = namespaces[namespace]
            opts = pulumi.ResourceOptions(parent=self, provider=self.provider,
                                          depends_on=[owner] if owner is not None else [])
            k8s.core.v1.ServiceAccount(
                f"{name}-{workload}-sa",
                metadata={"name": account, "namespace": namespace,
                          "labels": {**labels, "app.kubernetes.io/name": workload},
                          "annotations": {IRSA_ANNOTATION: role_arn}},
                automount_service_account_token=workload in TOKEN_USERS, opts=opts)
            if workload in KAFKA_CLIENTS:
                k8s.core.v1.ConfigMap(
                    f"{name}-{workload}-infra",
                    metadata={"name": f"{workload}-infra", "namespace": namespace,
                              "labels": {**labels, "app.kubernetes.io/name": workload}},
                    data={"KAFKA_BOOTSTRAP_SERVERS": args.kafka_bootstrap, "AWS_REGION": args.region}, opts=opts)

    @staticmethod
    def _root_objects(args: BootstrapArgs) -> list[tuple[str, dict[str, Any]]]:
        """The bootstrap AppProject and this environment's root Application, read from gitops/bootstrap/."""
        objects = []
        for label, file in (("bootstrap-project", "project.yaml"), ("root-app", f"root-{args.environment}.yaml")):
            path = args.root / "gitops" / "bootstrap" / file
            doc = read_yaml(path, f"gitops/bootstrap/{file}")
            if not isinstance(doc, dict) or not {"apiVersion", "kind", "metadata", "spec"} <= set(doc):
                raise CampusInputError("needs apiVersion, kind, metadata and spec", file=f"gitops/bootstrap/{file}")
            objects.append((label, doc))
        return objects

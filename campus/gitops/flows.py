"""Network flows: what a contract declares and what a NetworkPolicy allows, in one comparable form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from campus.catalog.contracts import Contract, callers_of

Direction = Literal["ingress", "egress"]
APP_LABEL = "app.kubernetes.io/name"
NAMESPACE_LABEL = "kubernetes.io/metadata.name"
KAFKA_PORTS = frozenset({9092, 9094, 9096, 9098})
DATABASE_PORTS = frozenset({5432})
KUBERNETES_API_PORTS = frozenset({443, 6443})
IMDS_CIDR = "169.254.169.254/32"
ANYWHERE = "0.0.0.0/0"
INGRESS_CONTROLLERS = frozenset({"traefik", "ingress-nginx"})
# Flows the namespace-wide policies of `campus` may allow for every pod.
PLATFORM_FLOWS = frozenset({"dns", "telemetry", "metrics-scrape"})


@dataclass(frozen=True, order=True)
class Flow:
    direction: Direction
    peer: str  # service:<name>, ingress-controller, kafka, database, aws-api, kubernetes-api, dns, ... or unknown:...

    def __str__(self) -> str:
        arrow = "from" if self.direction == "ingress" else "to"
        return f"{self.direction} {arrow} {self.peer}"


def needs_aws_api(contract: Contract) -> bool:
    """AWS credentials come from STS (IRSA) for anything the contract reaches in AWS, MSK IAM auth included."""
    return bool(contract.tables.all() or contract.buckets.all() or contract.models or contract.uses_kafka
                or contract.database != "none")


def declared_flows(contract: Contract, contracts: dict[str, Contract]) -> set[Flow]:
    flows = {Flow("ingress", f"service:{caller}") for caller in callers_of(contracts, contract.service)}
    if contract.exposure == "public":
        flows.add(Flow("ingress", "ingress-controller"))
    flows |= {Flow("egress", f"service:{callee}") for callee in contract.calls}
    if contract.uses_kafka:
        flows.add(Flow("egress", "kafka"))
    if contract.database != "none":
        flows.add(Flow("egress", "database"))
    if needs_aws_api(contract):
        flows.add(Flow("egress", "aws-api"))
    if contract.kubernetes_api:
        flows.add(Flow("egress", "kubernetes-api"))
    return flows


def selected_app(policy: dict[str, Any]) -> str | None:
    """The service a policy's podSelector picks by name, '' for every pod, None for anything else."""
    selector = (policy.get("spec") or {}).get("podSelector") or {}
    labels = selector.get("matchLabels") or {}
    if not labels and not selector.get("matchExpressions"):
        return ""
    if set(labels) == {APP_LABEL} and not selector.get("matchExpressions"):
        return str(labels[APP_LABEL])
    return None


def policy_flows(policy: dict[str, Any]) -> list[Flow]:
    """Every flow a NetworkPolicy allows, classified by peer and port."""
    spec = policy.get("spec") or {}
    flows: list[Flow] = []
    for rule in spec.get("ingress") or []:
        flows += _rule_flows("ingress", rule.get("from"), rule.get("ports"))
    for rule in spec.get("egress") or []:
        flows += _rule_flows("egress", rule.get("to"), rule.get("ports"))
    return flows


def _rule_flows(
    direction: Direction, peers: list[dict[str, Any]] | None, ports: list[dict[str, Any]] | None
) -> list[Flow]:
    if not peers:
        return [Flow(direction, "unknown:any peer")]
    port_numbers = [p.get("port") for p in ports or []] or [None]
    return [Flow(direction, _classify(direction, peer, port)) for peer in peers for port in port_numbers]


def _classify(direction: Direction, peer: dict[str, Any], port: object) -> str:
    pod_labels = (peer.get("podSelector") or {}).get("matchLabels") or {}
    if "ipBlock" in peer:
        return _classify_cidr(direction, str(peer["ipBlock"].get("cidr", "")), port)
    if "namespaceSelector" in peer:
        namespace = ((peer.get("namespaceSelector") or {}).get("matchLabels") or {}).get(NAMESPACE_LABEL)
        return _classify_namespace(direction, namespace, pod_labels)
    if APP_LABEL in pod_labels:
        return f"service:{pod_labels[APP_LABEL]}"
    return f"unknown:pods {pod_labels or 'all'}"


def _classify_namespace(direction: Direction, namespace: object, pod_labels: dict[str, Any]) -> str:
    if namespace == "kube-system" and pod_labels.get("k8s-app") == "kube-dns" and direction == "egress":
        return "dns"
    if namespace == "kube-system" and pod_labels.get(APP_LABEL) in INGRESS_CONTROLLERS and direction == "ingress":
        return "ingress-controller"
    if namespace == "observability" and direction == "egress":
        return "telemetry"
    if namespace == "monitoring" and direction == "ingress":
        return "metrics-scrape"
    return f"unknown:namespace {namespace or 'any'}"


def _classify_cidr(direction: Direction, cidr: str, port: object) -> str:
    if direction == "ingress":
        # ALB targets pods by IP from its subnets inside the VPC; from anywhere would bypass the load balancer.
        return "ingress-controller" if cidr != ANYWHERE else f"unknown:{cidr}"
    if port in KAFKA_PORTS:
        return "kafka"
    if port in DATABASE_PORTS:
        return "database"
    if (port == 443 and cidr == ANYWHERE) or (port == 80 and cidr == IMDS_CIDR):
        return "aws-api"
    if port in KUBERNETES_API_PORTS and cidr != ANYWHERE:
        return "kubernetes-api"
    return f"unknown:{cidr} port {port}"


def ipblock_cidrs(policy: dict[str, Any]) -> list[str]:
    spec = policy.get("spec") or {}
    peers = [p for r in spec.get("ingress") or [] for p in r.get("from") or []]
    peers += [p for r in spec.get("egress") or [] for p in r.get("to") or []]
    return [str(p["ipBlock"]["cidr"]) for p in peers if "cidr" in (p.get("ipBlock") or {})]

"""NetworkPolicy flow classification against contract declarations."""

from __future__ import annotations

from typing import Any

from campus.catalog.contracts import Contract
from campus.gitops.flows import Flow, declared_flows, policy_flows, selected_app


def policy(direction: str, peers: list[dict[str, Any]], ports: list[int] | None = None) -> dict[str, Any]:
    key = "from" if direction == "ingress" else "to"
    rule: dict[str, Any] = {key: peers}
    if ports:
        rule["ports"] = [{"port": p} for p in ports]
    return {"spec": {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "x"}}, direction: [rule]}}


def test_classifies_peers_by_kind_and_port() -> None:
    vpc = {"ipBlock": {"cidr": "10.30.0.0/16"}}
    assert policy_flows(policy("egress", [vpc], [9098])) == [Flow("egress", "kafka")]
    assert policy_flows(policy("egress", [vpc], [5432])) == [Flow("egress", "database")]
    assert policy_flows(policy("egress", [vpc], [443])) == [Flow("egress", "kubernetes-api")]
    assert policy_flows(policy("egress", [{"ipBlock": {"cidr": "0.0.0.0/0"}}], [443])) == [Flow("egress", "aws-api")]
    assert policy_flows(policy("egress", [{"ipBlock": {"cidr": "0.0.0.0/0"}}], [22])) == [
        Flow("egress", "unknown:0.0.0.0/0 port 22")]
    assert policy_flows(policy("ingress", [vpc], [8080])) == [Flow("ingress", "ingress-controller")]
    traefik = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
               "podSelector": {"matchLabels": {"app.kubernetes.io/name": "traefik"}}}
    assert policy_flows(policy("ingress", [traefik])) == [Flow("ingress", "ingress-controller")]


def test_rule_without_peers_allows_everything_and_is_unknown() -> None:
    assert policy_flows({"spec": {"egress": [{"ports": [{"port": 443}]}]}}) == [Flow("egress", "unknown:any peer")]


def test_selected_app() -> None:
    assert selected_app(policy("egress", [])) == "x"
    assert selected_app({"spec": {"podSelector": {}}}) == ""
    assert selected_app({"spec": {"podSelector": {"matchLabels": {"tier": "web"}}}}) is None


def test_declared_flows_follow_the_contract() -> None:
    gateway = Contract(service="gateway", description="d", port=8080, exposure="public", calls=["worker"],
                       produces=["t"])
    worker = Contract(service="worker", description="d", port=8080, database="read")
    contracts = {"gateway": gateway, "worker": worker}
    assert declared_flows(gateway, contracts) == {
        Flow("ingress", "ingress-controller"), Flow("egress", "service:worker"), Flow("egress", "kafka"),
        Flow("egress", "aws-api")}
    assert declared_flows(worker, contracts) == {
        Flow("ingress", "service:gateway"), Flow("egress", "database"), Flow("egress", "aws-api")}

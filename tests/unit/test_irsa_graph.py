"""IRSA: each service's role grants exactly what its contract declares — and only its own service account may use it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from campus.catalog.contracts import load_contracts
from campus.engine.graph import Graph

CONTRACTS = load_contracts(Path(__file__).resolve().parents[2])


def role_statements(graph: Graph, service: str) -> list[dict]:
    policy = [p for p in graph.of_type("aws:iam/rolePolicy:RolePolicy") if p.name == f"irsa-{service}"]
    return json.loads(policy[0].inputs["policy"])["Statement"] if policy else []


def actions(statements: list[dict]) -> set[str]:
    out: set[str] = set()
    for st in statements:
        out |= set([st["Action"]] if isinstance(st["Action"], str) else st["Action"])
    return out


def resources(statements: list[dict], prefix: str) -> set[str]:
    out: set[str] = set()
    for st in statements:
        for action in [st["Action"]] if isinstance(st["Action"], str) else st["Action"]:
            if action.startswith(prefix):
                out |= set([st["Resource"]] if isinstance(st["Resource"], str) else st["Resource"])
    return out


@pytest.mark.parametrize("service", sorted(CONTRACTS))
def test_no_wildcards_and_only_declared_kinds_of_access(graphs: dict[str, Graph], service: str) -> None:
    contract = CONTRACTS[service]
    statements = role_statements(graphs["prod"], service)
    granted = actions(statements)
    assert not any(a.endswith("*") or a == "*" for a in granted)
    assert all(r != "*" for st in statements for r in ([st["Resource"]] if isinstance(st["Resource"], str)
                                                        else st["Resource"]))
    assert bool({a for a in granted if a.startswith("s3:")}) == bool(contract.buckets.all())
    assert bool({a for a in granted if a.startswith("dynamodb:")}) == bool(contract.tables.all())
    assert bool({a for a in granted if a.startswith("kafka-cluster:")}) == contract.uses_kafka
    assert ("rds-db:connect" in granted) == (contract.database != "none")


@pytest.mark.parametrize("service", sorted(CONTRACTS))
def test_producers_write_exactly_their_topics(graphs: dict[str, Graph], service: str) -> None:
    contract = CONTRACTS[service]
    statements = role_statements(graphs["prod"], service)
    written = {arn.rsplit("/", 1)[-1] for st in statements if "kafka-cluster:WriteData" in st["Action"]
               for arn in st["Resource"]}
    read = {arn.rsplit("/", 1)[-1] for st in statements if "kafka-cluster:ReadData" in st["Action"]
            for arn in st["Resource"]}
    assert written == set(contract.produces)
    assert read == set(contract.consumes)


@pytest.mark.parametrize("service", sorted(CONTRACTS))
def test_buckets_and_tables_are_exactly_the_declared_ones(graphs: dict[str, Graph], service: str) -> None:
    contract = CONTRACTS[service]
    statements = role_statements(graphs["prod"], service)
    writable = {r.removesuffix("/*").rsplit(":::", 1)[-1] for r in resources(statements, "s3:PutObject")}
    assert writable == {f"campus-prod-{b}-777788889999-us-east-1" for b in contract.buckets.write}
    readable = {r.removesuffix("/*").rsplit(":::", 1)[-1] for r in resources(statements, "s3:GetObject")}
    assert readable == {f"campus-prod-{b}-777788889999-us-east-1" for b in contract.buckets.all()}
    tables = {r.rsplit("/", 1)[-1] for r in resources(statements, "dynamodb:PutItem") if "/index/" not in r}
    assert tables == {f"campus-prod-{t}" for t in contract.tables.write}


def test_a_service_without_a_bucket_has_no_s3_action(graphs: dict[str, Graph]) -> None:
    assert not CONTRACTS["feedback"].buckets.all()
    assert not [a for a in actions(role_statements(graphs["prod"], "feedback")) if a.startswith("s3:")]


def test_bedrock_consumers_get_their_policy_attached(graphs: dict[str, Graph]) -> None:
    attachments = {a.name for a in graphs["prod"].of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")}
    for service, contract in CONTRACTS.items():
        assert (f"irsa-{service}-bedrock" in attachments) == bool(contract.models)


@pytest.mark.parametrize("service", sorted(CONTRACTS))
def test_each_role_trusts_exactly_its_own_service_account(graphs: dict[str, Graph], service: str) -> None:
    role = next(r for r in graphs["prod"].of_type("aws:iam/role:Role") if r.name == f"irsa-{service}")
    (trust,) = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
    conditions = trust["Condition"]["StringEquals"]
    subjects = [v for k, v in conditions.items() if k.endswith(":sub")]
    assert subjects == [f"system:serviceaccount:campus:{service}"]
    sa = next(s for s in graphs["prod"].of_type("kubernetes:core/v1:ServiceAccount")
              if s.inputs["metadata"]["name"] == service)
    assert sa.inputs["metadata"]["annotations"]["eks.amazonaws.com/role-arn"] == role.outputs["arn"]


@pytest.mark.parametrize("service", sorted(CONTRACTS))
def test_infra_configmap_has_exactly_the_contract_keys(graphs: dict[str, Graph], service: str) -> None:
    config_map = next(c for c in graphs["prod"].of_type("kubernetes:core/v1:ConfigMap")
                      if c.inputs["metadata"]["name"] == f"{service}-infra")
    assert sorted(config_map.inputs["data"]) == sorted(CONTRACTS[service].infra_keys())
    assert all(isinstance(v, str) and v for v in config_map.inputs["data"].values())


def test_argocd_is_a_pinned_helm_release_and_the_root_app_points_at_gitops(graphs: dict[str, Graph]) -> None:
    prod = graphs["prod"]
    (release,) = prod.of_type("kubernetes:helm.sh/v3:Release")
    assert release.inputs["chart"] == "argo-cd" and release.inputs["version"].count(".") == 2
    apps = [r for r in prod.resources if r.type == "kubernetes:argoproj.io/v1alpha1:Application"]
    assert apps and apps[0].inputs["spec"]["source"]["path"] == "gitops/clusters/prod"

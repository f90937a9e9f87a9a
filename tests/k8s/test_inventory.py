"""`build_inventory`: the manifests being checked, laid out as Gatekeeper's synced `data.inventory`."""

from __future__ import annotations

from campus.k8s.inventory import build_inventory
from campus.k8s.rules import SyncedKind
from campus.manifests import Manifest

SYNCED = [SyncedKind(group="policy", version="v1", kind="PodDisruptionBudget"),
          SyncedKind(group="", version="v1", kind="Namespace")]


def manifest(api_version: str, kind: str, name: str, namespace: str | None = None) -> Manifest:
    metadata = {"name": name, **({"namespace": namespace} if namespace else {})}
    return Manifest(doc={"apiVersion": api_version, "kind": kind, "metadata": metadata}, file="m.yaml", line=1)


def test_objects_land_under_the_synced_version_and_their_namespace() -> None:
    budget = manifest("policy/v1beta1", "PodDisruptionBudget", "web", "shop")
    unscoped = manifest("policy/v1", "PodDisruptionBudget", "api")
    inventory = build_inventory([budget, unscoped], SYNCED)
    assert inventory["namespace"] == {
        "shop": {"policy/v1": {"PodDisruptionBudget": {"web": budget.doc}}},
        "default": {"policy/v1": {"PodDisruptionBudget": {"api": unscoped.doc}}},
    }


def test_namespaces_are_cluster_scoped_and_unsynced_kinds_are_left_out() -> None:
    namespace = manifest("v1", "Namespace", "shop")
    config_map = manifest("v1", "ConfigMap", "settings", "shop")
    foreign = manifest("policy.example.com/v1", "PodDisruptionBudget", "x", "shop")
    inventory = build_inventory([namespace, config_map, foreign], SYNCED)
    assert inventory == {"cluster": {"v1": {"Namespace": {"shop": namespace.doc}}}, "namespace": {}}

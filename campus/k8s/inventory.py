"""Gatekeeper's referential data (`data.inventory`), built from the manifests being checked."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from campus.k8s.kinds import split_api_version
from campus.k8s.rules import SyncedKind
from campus.manifests import Manifest

CLUSTER_SCOPED_KINDS = frozenset({"Namespace"})


def build_inventory(manifests: Iterable[Manifest], synced: Iterable[SyncedKind]) -> dict[str, Any]:
    """`{"cluster": {gv: {kind: {name: obj}}}, "namespace": {ns: {gv: {kind: {name: obj}}}}}`.

    Gatekeeper stores each synced object under the synced version whatever version it was written in, so
    objects match on group and kind only. Namespaced objects without a namespace land in `default`, as
    `kubectl apply` would put them.
    """
    by_group_kind = {(kind.group, kind.kind): kind for kind in synced}
    cluster: dict[str, Any] = {}
    namespaced: dict[str, Any] = {}
    for manifest in manifests:
        group, _ = split_api_version(str(manifest.doc.get("apiVersion", "")))
        target = by_group_kind.get((group, manifest.kind))
        if target is None or not manifest.name:
            continue
        cluster_scoped = target.kind in CLUSTER_SCOPED_KINDS
        bucket = cluster if cluster_scoped else namespaced.setdefault(manifest.namespace or "default", {})
        bucket.setdefault(target.api_version, {}).setdefault(target.kind, {})[manifest.name] = manifest.doc
    return {"cluster": cluster, "namespace": namespaced}

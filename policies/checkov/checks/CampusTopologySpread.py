from __future__ import annotations

from typing import Any

from campus_pod_spec import PodSpecCheck


class CampusTopologySpread(PodSpecCheck):
    """Replicas that land in one zone fail together; `replicas` absent counts too (an autoscaler owns it)."""

    def __init__(self) -> None:
        super().__init__(
            name="Replicated workloads spread their pods across zones or nodes",
            id="CKV_CAMPUS_K8S_7",
            kinds=("Deployment", "StatefulSet"),
        )

    def pod_is_acceptable(self, conf: dict[str, Any], metadata: dict[str, Any], spec: dict[str, Any]) -> bool:
        if (conf.get("spec") or {}).get("replicas") == 1:
            return True
        constraints = spec.get("topologySpreadConstraints") or []
        return any(isinstance(c, dict) and c.get("topologyKey") for c in constraints)


check = CampusTopologySpread()

from __future__ import annotations

from typing import Any

from campus_pod_spec import PodSpecCheck, containers


class CampusProcMount(PodSpecCheck):
    """An `Unmasked` /proc exposes host kernel interfaces the default mask hides."""

    def __init__(self) -> None:
        super().__init__(name="Containers keep the default /proc mount", id="CKV_CAMPUS_K8S_4")

    def pod_is_acceptable(self, conf: dict[str, Any], metadata: dict[str, Any], spec: dict[str, Any]) -> bool:
        return all(
            (container.get("securityContext") or {}).get("procMount", "Default") == "Default"
            for container in containers(spec)
        )


check = CampusProcMount()

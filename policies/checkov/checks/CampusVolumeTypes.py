from __future__ import annotations

from typing import Any

from campus_pod_spec import PodSpecCheck

# Pod Security Standards "restricted": the only volume sources a pod may use.
ALLOWED_VOLUME_SOURCES = frozenset(
    {
        "configMap",
        "csi",
        "downwardAPI",
        "emptyDir",
        "ephemeral",
        "persistentVolumeClaim",
        "projected",
        "secret",
    }
)


class CampusVolumeTypes(PodSpecCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Pods use only the volume types Pod Security 'restricted' allows", id="CKV_CAMPUS_K8S_1"
        )

    def pod_is_acceptable(self, conf: dict[str, Any], metadata: dict[str, Any], spec: dict[str, Any]) -> bool:
        for volume in spec.get("volumes") or []:
            sources = set(volume) - {"name", "__startline__", "__endline__"}
            if not sources <= ALLOWED_VOLUME_SOURCES:
                return False
        return True


check = CampusVolumeTypes()

from __future__ import annotations

from typing import Any

from campus_pod_spec import PodSpecCheck, security_contexts


class CampusHostProcess(PodSpecCheck):
    def __init__(self) -> None:
        super().__init__(name="Windows HostProcess containers are not used", id="CKV_CAMPUS_K8S_5")

    def pod_is_acceptable(self, conf: dict[str, Any], metadata: dict[str, Any], spec: dict[str, Any]) -> bool:
        return not any(
            (context.get("windowsOptions") or {}).get("hostProcess") is True
            for context in security_contexts(spec)
        )


check = CampusHostProcess()

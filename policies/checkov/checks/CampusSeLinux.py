from __future__ import annotations

from typing import Any

from campus_pod_spec import PodSpecCheck, security_contexts

# Pod Security Standards "baseline": a custom SELinux user or role, or any other type, can escape confinement.
ALLOWED_SELINUX_TYPES = frozenset(
    {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}
)


class CampusSeLinux(PodSpecCheck):
    def __init__(self) -> None:
        super().__init__(
            name="SELinux options keep the container types and set no user or role", id="CKV_CAMPUS_K8S_6"
        )

    def pod_is_acceptable(self, conf: dict[str, Any], metadata: dict[str, Any], spec: dict[str, Any]) -> bool:
        for context in security_contexts(spec):
            options = context.get("seLinuxOptions") or {}
            if options.get("user") or options.get("role"):
                return False
            if options.get("type", "") not in ALLOWED_SELINUX_TYPES:
                return False
        return True


check = CampusSeLinux()

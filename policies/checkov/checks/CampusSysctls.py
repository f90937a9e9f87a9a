from __future__ import annotations

from typing import Any

from campus_pod_spec import PodSpecCheck

# Pod Security Standards "baseline": the namespaced sysctls that cannot affect other pods on the node.
SAFE_SYSCTLS = frozenset(
    {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    }
)


class CampusSysctls(PodSpecCheck):
    def __init__(self) -> None:
        super().__init__(name="Pods set only safe sysctls", id="CKV_CAMPUS_K8S_3")

    def pod_is_acceptable(self, conf: dict[str, Any], metadata: dict[str, Any], spec: dict[str, Any]) -> bool:
        sysctls = (spec.get("securityContext") or {}).get("sysctls") or []
        return all(isinstance(s, dict) and s.get("name") in SAFE_SYSCTLS for s in sysctls)


check = CampusSysctls()

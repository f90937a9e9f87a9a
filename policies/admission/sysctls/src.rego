package campus.admission.sysctls

import data.lib.campus.workload
import rego.v1

# The "safe" sysctl set of the Pod Security Standards (baseline).
safe_sysctls := {
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

violation contains {"msg": msg} if {
    some sysctl in object.get(workload.pod_security_context, "sysctls", [])
    not sysctl.name in safe_sysctls
    msg := sprintf("sysctl %v is not in the safe set", [sysctl.name])
}

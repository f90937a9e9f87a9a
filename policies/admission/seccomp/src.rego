package campus.admission.seccomp

import data.lib.campus.workload
import rego.v1

allowed_types := {"RuntimeDefault", "Localhost"}

pod_profile_type := workload.pod_security_context.seccompProfile.type

violation contains {"msg": msg} if {
    pod_profile_type
    not pod_profile_type in allowed_types
    msg := sprintf("the pod sets seccomp profile %v; use RuntimeDefault or Localhost", [pod_profile_type])
}

violation contains {"msg": msg} if {
    some entry in workload.all_containers
    profile_type := container_profile_type(entry.container)
    not profile_type in allowed_types
    msg := sprintf("%v %v sets seccomp profile %v; use RuntimeDefault or Localhost", [entry.role, entry.container.name, profile_type])
}

# Without a pod-level profile every container must set its own.
violation contains {"msg": msg} if {
    not pod_profile_type
    some entry in workload.all_containers
    not container_profile_type(entry.container)
    msg := sprintf("%v %v has no seccomp profile and the pod sets none; use RuntimeDefault", [entry.role, entry.container.name])
}

container_profile_type(container) := workload.security_context(container).seccompProfile.type

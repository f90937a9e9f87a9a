package campus.admission.apparmor

import data.lib.campus.workload
import rego.v1

annotation_prefix := "container.apparmor.security.beta.kubernetes.io/"

allowed_types := {"RuntimeDefault", "Localhost"}

violation contains {"msg": msg} if {
    some key, value in workload.pod_annotations
    startswith(key, annotation_prefix)
    not allowed_annotation_value(value)
    msg := sprintf("annotation %v sets AppArmor profile %v; use runtime/default or localhost/<profile>", [key, value])
}

violation contains {"msg": msg} if {
    profile := workload.pod_security_context.appArmorProfile
    not profile.type in allowed_types
    msg := sprintf("the pod sets AppArmor profile type %v; use RuntimeDefault or Localhost", [profile.type])
}

violation contains {"msg": msg} if {
    some entry in workload.all_containers
    profile := workload.security_context(entry.container).appArmorProfile
    not profile.type in allowed_types
    msg := sprintf("%v %v sets AppArmor profile type %v; use RuntimeDefault or Localhost", [entry.role, entry.container.name, profile.type])
}

allowed_annotation_value(value) if value == "runtime/default"

allowed_annotation_value(value) if startswith(value, "localhost/")

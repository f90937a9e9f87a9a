package campus.admission.selinux

import data.lib.campus.workload
import rego.v1

allowed_types := {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}

violation contains {"msg": msg} if {
    some problem in option_problems(workload.pod_security_context.seLinuxOptions)
    msg := sprintf("the pod: %v", [problem])
}

violation contains {"msg": msg} if {
    some entry in workload.all_containers
    some problem in option_problems(workload.security_context(entry.container).seLinuxOptions)
    msg := sprintf("%v %v: %v", [entry.role, entry.container.name, problem])
}

option_problems(options) := type_problems | user_and_role_problems if {
    type_problems := {sprintf("SELinux type %v is not allowed", [selinux_type]) |
        selinux_type := object.get(options, "type", "")
        not selinux_type in allowed_types
    }
    user_and_role_problems := {sprintf("SELinux %v %v must not be set", [field, value]) |
        some field in ["user", "role"]
        value := object.get(options, field, "")
        value != ""
    }
}

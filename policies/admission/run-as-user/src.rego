package campus.admission.run_as_user

import data.lib.campus.workload
import rego.v1

violation contains {"msg": "the pod sets runAsUser: 0 (root)"} if {
    workload.pod_security_context.runAsUser == 0
}

violation contains {"msg": msg} if {
    some entry in workload.all_containers
    workload.security_context(entry.container).runAsUser == 0
    msg := sprintf("%v %v sets runAsUser: 0 (root)", [entry.role, entry.container.name])
}

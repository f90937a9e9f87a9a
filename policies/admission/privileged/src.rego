package campus.admission.privileged

import data.lib.campus.workload
import rego.v1

violation contains {"msg": msg} if {
    some entry in workload.all_containers
    workload.security_context(entry.container).privileged == true
    msg := sprintf("%v %v runs privileged", [entry.role, entry.container.name])
}

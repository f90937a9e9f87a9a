package campus.admission.privilege_escalation

import data.lib.campus.workload
import rego.v1

violation contains {"msg": msg} if {
    some entry in workload.all_containers
    not workload.security_context(entry.container).allowPrivilegeEscalation == false
    msg := sprintf("%v %v must set securityContext.allowPrivilegeEscalation: false", [entry.role, entry.container.name])
}

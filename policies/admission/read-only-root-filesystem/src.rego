package campus.admission.read_only_root_filesystem

import data.lib.campus.workload
import rego.v1

violation contains {"msg": msg} if {
    some entry in workload.own_containers
    not workload.security_context(entry.container).readOnlyRootFilesystem == true
    msg := sprintf("%v %v must set securityContext.readOnlyRootFilesystem: true", [entry.role, entry.container.name])
}

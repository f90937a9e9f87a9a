package campus.admission.run_as_non_root

import data.lib.campus.workload
import rego.v1

pod_non_root := workload.pod_security_context.runAsNonRoot

violation contains {"msg": msg} if {
    some entry in workload.all_containers
    workload.security_context(entry.container).runAsNonRoot == false
    msg := sprintf("%v %v sets runAsNonRoot: false", [entry.role, entry.container.name])
}

violation contains {"msg": msg} if {
    not pod_non_root == true
    some entry in workload.all_containers
    not workload.security_context(entry.container).runAsNonRoot == true
    msg := sprintf("%v %v may run as root: set runAsNonRoot: true on the pod or the container", [entry.role, entry.container.name])
}

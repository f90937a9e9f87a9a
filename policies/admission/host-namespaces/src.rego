package campus.admission.host_namespaces

import data.lib.campus.workload
import rego.v1

violation contains {"msg": msg} if {
    some field in ["hostNetwork", "hostPID", "hostIPC"]
    workload.pod_spec[field] == true
    msg := sprintf("the pod shares a host namespace (%v: true)", [field])
}

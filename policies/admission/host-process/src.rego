package campus.admission.host_process

import data.lib.campus.workload
import rego.v1

violation contains {"msg": "the pod requests a Windows HostProcess sandbox"} if {
    workload.pod_security_context.windowsOptions.hostProcess == true
}

violation contains {"msg": msg} if {
    some entry in workload.all_containers
    workload.security_context(entry.container).windowsOptions.hostProcess == true
    msg := sprintf("%v %v runs as a Windows HostProcess container", [entry.role, entry.container.name])
}

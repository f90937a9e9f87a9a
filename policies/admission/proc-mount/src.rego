package campus.admission.proc_mount

import data.lib.campus.workload
import rego.v1

violation contains {"msg": msg} if {
    some entry in workload.all_containers
    mount_type := workload.security_context(entry.container).procMount
    mount_type != "Default"
    msg := sprintf("%v %v sets procMount %v; only Default is allowed", [entry.role, entry.container.name, mount_type])
}

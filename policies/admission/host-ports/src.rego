package campus.admission.host_ports

import data.lib.campus.workload
import rego.v1

violation contains {"msg": msg} if {
    some entry in workload.all_containers
    some port in object.get(entry.container, "ports", [])
    object.get(port, "hostPort", 0) != 0
    msg := sprintf("%v %v binds host port %v", [entry.role, entry.container.name, port.hostPort])
}

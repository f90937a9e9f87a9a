package campus.admission.capabilities

import data.lib.campus.workload
import rego.v1

# Pod Security Standards "restricted": drop ALL, add back at most NET_BIND_SERVICE.
addable := {"NET_BIND_SERVICE"}

violation contains {"msg": msg} if {
    some entry in workload.all_containers
    not "ALL" in dropped(entry.container)
    msg := sprintf("%v %v does not drop ALL capabilities", [entry.role, entry.container.name])
}

violation contains {"msg": msg} if {
    some entry in workload.all_containers
    some capability in added(entry.container)
    not capability in addable
    msg := sprintf("%v %v adds capability %v; only NET_BIND_SERVICE may be added", [entry.role, entry.container.name, capability])
}

dropped(container) := object.get(workload.security_context(container), ["capabilities", "drop"], [])

added(container) := object.get(workload.security_context(container), ["capabilities", "add"], [])

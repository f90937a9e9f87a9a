package campus.admission.resources

import data.lib.campus.workload
import rego.v1

violation contains {"msg": msg} if {
    some entry in workload.own_containers
    some section in ["requests", "limits"]
    some resource in ["cpu", "memory"]
    not object.get(entry.container, ["resources", section, resource], false)
    msg := sprintf("%v %v has no %v.%v", [entry.role, entry.container.name, section, resource])
}

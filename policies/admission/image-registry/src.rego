package campus.admission.image_registry

import data.lib.campus.workload
import rego.v1

violation contains {"msg": msg} if {
    some entry in workload.all_containers
    image := entry.container.image
    not allowed(image)
    msg := sprintf("%v %v uses image %v from a registry outside the allow-list", [entry.role, entry.container.name, image])
}

allowed(image) if {
    some prefix in object.get(input.parameters, "allowedPrefixes", [])
    startswith(image, prefix)
}

allowed(image) if {
    some pattern in object.get(input.parameters, "allowedPatterns", [])
    regex.match(pattern, image)
}

package campus.admission.image_tag

import data.lib.campus.workload
import rego.v1

violation contains {"msg": msg} if {
    some entry in workload.all_containers
    image := entry.container.image
    not pinned(image)
    msg := sprintf("%v %v uses image %v; pin a version tag or digest (not latest)", [entry.role, entry.container.name, image])
}

pinned(image) if contains(image, "@sha256:")

pinned(image) if {
    not contains(image, "@")
    tag := tag_of(image)
    tag != ""
    tag != "latest"
}

# The tag follows the last ":" after the last "/" (a ":" before it belongs to a registry port).
tag_of(image) := tag if {
    parts := split(image, "/")
    last := parts[count(parts) - 1]
    contains(last, ":")
    pieces := split(last, ":")
    tag := pieces[count(pieces) - 1]
} else := ""

package campus.admission.volume_types

import data.lib.campus.workload
import rego.v1

# Pod Security Standards "restricted" volume types.
allowed_sources := {
    "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
    "persistentVolumeClaim", "projected", "secret",
}

violation contains {"msg": msg} if {
    some volume in workload.volumes
    some source, _ in volume
    source != "name"
    not source in allowed_sources
    msg := sprintf("volume %v uses type %v, which the restricted profile does not allow", [volume.name, source])
}

package campus.admission.host_path_volumes

import data.lib.campus.workload
import rego.v1

violation contains {"msg": msg} if {
    some volume in workload.volumes
    volume.hostPath
    msg := sprintf("volume %v mounts the host path %v", [volume.name, object.get(volume.hostPath, "path", "")])
}

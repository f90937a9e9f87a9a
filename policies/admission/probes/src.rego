package campus.admission.probes

import data.lib.campus.workload
import rego.v1

# Run-to-completion pods (Jobs, CronJobs and the pods they create) have nothing to probe.
batch_kinds := {"Job", "CronJob"}

violation contains {"msg": msg} if {
    long_running
    some container in workload.containers
    some probe in ["livenessProbe", "readinessProbe"]
    not container[probe]
    msg := sprintf("container %v has no %v", [container.name, probe])
}

long_running if {
    not workload.kind in batch_kinds
    not owned_by_batch
}

owned_by_batch if {
    some owner in object.get(workload.obj.metadata, "ownerReferences", [])
    owner.kind in batch_kinds
}

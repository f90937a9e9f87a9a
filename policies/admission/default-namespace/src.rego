package campus.admission.default_namespace

import data.lib.campus.workload
import rego.v1

violation contains {"msg": "workloads must not run in the default namespace; set metadata.namespace"} if {
    workload.effective_namespace == "default"
}

package campus.admission.service_account_token

import data.lib.campus.workload
import rego.v1

violation contains {"msg": msg} if {
    not workload.pod_spec.automountServiceAccountToken == false
    not needs_api
    msg := sprintf("set automountServiceAccountToken: false, or annotate the workload %v: \"true\" if it calls the Kubernetes API", [input.parameters.apiAccessAnnotation])
}

needs_api if workload.obj.metadata.annotations[input.parameters.apiAccessAnnotation] == "true"

needs_api if workload.pod_annotations[input.parameters.apiAccessAnnotation] == "true"

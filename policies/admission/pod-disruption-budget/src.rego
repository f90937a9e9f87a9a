package campus.admission.pod_disruption_budget

import data.lib.campus.workload
import rego.v1

# Referential: needs PodDisruptionBudgets and HorizontalPodAutoscalers synced into data.inventory.
violation contains {"msg": msg} if {
    replicated
    not covered_by_budget
    msg := sprintf("%v %v is replicated but no PodDisruptionBudget selects its pods", [workload.kind, workload.name])
}

replicated if object.get(workload.obj.spec, "replicas", 1) > 1

replicated if {
    some autoscaler in workload.inventory(workload.effective_namespace, "autoscaling/v2", "HorizontalPodAutoscaler")
    autoscaler.spec.scaleTargetRef.kind == workload.kind
    autoscaler.spec.scaleTargetRef.name == workload.name
}

covered_by_budget if {
    some budget in workload.inventory(workload.effective_namespace, "policy/v1", "PodDisruptionBudget")
    workload.selector_matches(object.get(budget.spec, "selector", {}), object.get(workload.pod_metadata, "labels", {}))
}

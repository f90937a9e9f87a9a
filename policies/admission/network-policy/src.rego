package campus.admission.network_policy

import data.lib.campus.workload
import rego.v1

# Referential: needs NetworkPolicies synced into data.inventory (Gatekeeper Config / the in-process gate).
violation contains {"msg": msg} if {
    ns := workload.effective_namespace
    count(workload.inventory(ns, "networking.k8s.io/v1", "NetworkPolicy")) == 0
    msg := sprintf("namespace %v has no NetworkPolicy; add one (default deny plus the flows the workload needs)", [ns])
}

# Shared helpers for every campus admission rule: where the pod spec of each workload kind lives,
# its containers, and the namespace the object lands in. Shipped to Gatekeeper as a template lib.
package lib.campus.workload

import rego.v1

template_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}

obj := input.review.object

kind := obj.kind

pod_template := obj if kind == "Pod"

pod_template := obj.spec.template if kind in template_kinds

pod_template := obj.spec.jobTemplate.spec.template if kind == "CronJob"

pod_spec := object.get(pod_template, "spec", {})

pod_metadata := object.get(pod_template, "metadata", {})

pod_annotations := object.get(pod_metadata, "annotations", {})

pod_security_context := object.get(pod_spec, "securityContext", {})

# Regular containers only: probes apply to these.
containers := object.get(pod_spec, "containers", [])

# Every container the kubelet may run, with its role for messages.
all_containers contains {"role": role, "container": c} if {
    some field, role in container_roles
    some c in object.get(pod_spec, field, [])
}

container_roles := {
    "containers": "container",
    "initContainers": "init container",
    "ephemeralContainers": "ephemeral container",
}

# Regular and init containers: the ones whose resources and root filesystem the workload owns.
own_containers contains {"role": role, "container": c} if {
    some entry in all_containers
    entry.role != "ephemeral container"
    role := entry.role
    c := entry.container
}

security_context(container) := object.get(container, "securityContext", {})

volumes := object.get(pod_spec, "volumes", [])

# The object's own namespace, else the one of the admission request; "" means `default`.
namespace := ns if {
    ns := object.get(obj.metadata, "namespace", "")
    ns != ""
} else := object.get(input.review, "namespace", "")

effective_namespace := namespace if {
    namespace != ""
} else := "default"

name := object.get(obj.metadata, "name", "")

is_workload if pod_template

# Objects of one kind in a namespace, as Gatekeeper's referential data (`data.inventory`) holds them.
# object.get with a path: rego-cpp indexes a variable key by scanning everything below it, which made this the
# slowest call of the referential rules; the path lookup gives the same result. No inventory at all: {}.
inventory(ns, group_version, k) := objects if {
    objects := object.get(data.inventory.namespace, [ns, group_version, k], {})
} else := {}

# Kubernetes label-selector semantics (matchLabels and matchExpressions; an empty selector matches all).
selector_matches(selector, labels) if {
    every key, value in object.get(selector, "matchLabels", {}) {
        labels[key] == value
    }
    every expression in object.get(selector, "matchExpressions", []) {
        expression_matches(expression, labels)
    }
}

expression_matches(expression, labels) if {
    expression.operator == "In"
    labels[expression.key] in expression.values
}

expression_matches(expression, labels) if {
    expression.operator == "NotIn"
    not labels[expression.key] in expression.values
}

expression_matches(expression, labels) if {
    expression.operator == "Exists"
    labels[expression.key]
}

expression_matches(expression, labels) if {
    expression.operator == "DoesNotExist"
    not labels[expression.key]
}

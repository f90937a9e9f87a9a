"""What campus requires of each add-on chart's values: where each component's resources, security context and
replica count live in that chart's values schema (paths are dotted keys of the merged values)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Component:
    name: str
    resources: str
    # One of these securityContext mappings must set runAsNonRoot: true.
    security_contexts: tuple[str, ...]
    # None when the component runs a single replica by design (leader election with one active, or single binary).
    replicas: str | None = None
    # A values flag that turns the component off; an off component has nothing to check.
    enabled: str | None = None


CHART_REQUIREMENTS: dict[str, tuple[Component, ...]] = {
    "gatekeeper": (
        Component("controller-manager", "controllerManager.resources", ("controllerManager.securityContext",),
                  replicas="replicas"),
        Component("audit", "audit.resources", ("audit.securityContext",)),
    ),
    "aws-load-balancer-controller": (
        Component("controller", "resources", ("securityContext",), replicas="replicaCount"),
    ),
    "external-secrets": (
        Component("controller", "resources", ("securityContext",), replicas="replicaCount"),
        Component("webhook", "webhook.resources", ("webhook.securityContext",), replicas="webhook.replicaCount"),
        Component("cert-controller", "certController.resources", ("certController.securityContext",)),
    ),
    "metrics-server": (
        Component("metrics-server", "resources", ("securityContext",), replicas="replicas"),
    ),
    "cluster-autoscaler": (
        Component("cluster-autoscaler", "resources", ("securityContext",)),
    ),
    "kube-prometheus-stack": (
        Component("prometheus", "prometheus.prometheusSpec.resources", ("prometheus.prometheusSpec.securityContext",),
                  replicas="prometheus.prometheusSpec.replicas"),
        Component("alertmanager", "alertmanager.alertmanagerSpec.resources",
                  ("alertmanager.alertmanagerSpec.securityContext",),
                  replicas="alertmanager.alertmanagerSpec.replicas", enabled="alertmanager.enabled"),
        Component("prometheus-operator", "prometheusOperator.resources", ("prometheusOperator.securityContext",)),
        Component("grafana", "grafana.resources", ("grafana.securityContext",)),
        Component("kube-state-metrics", "kube-state-metrics.resources", ("kube-state-metrics.securityContext",)),
    ),
    "opentelemetry-collector": (
        Component("collector", "resources", ("securityContext", "podSecurityContext"), replicas="replicaCount"),
    ),
    "loki": (
        Component("single-binary", "singleBinary.resources", ("podSecurityContext",)),
    ),
    "tempo": (
        Component("tempo", "tempo.resources", ("tempo.securityContext",)),
    ),
}

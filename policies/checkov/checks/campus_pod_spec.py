"""Where a workload keeps its pod spec, and the pod-security helpers every campus check shares.

checkov loads each file of this folder as a top-level module (and puts the folder on sys.path), so the checks
import this one as `campus_pod_spec`.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.kubernetes.checks.resource.base_spec_check import BaseK8Check

TEMPLATED_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job")
WORKLOAD_KINDS = ("Pod", "CronJob", *TEMPLATED_KINDS)
CONTAINER_LISTS = ("containers", "initContainers", "ephemeralContainers")


def pod_template(conf: dict[str, Any]) -> dict[str, Any]:
    """The object carrying `metadata` and `spec` of the pods a workload creates ({} when absent)."""
    kind = conf.get("kind")
    if kind == "Pod":
        return conf
    if kind == "CronJob":
        job_spec = _mapping(_mapping(conf.get("spec")).get("jobTemplate")).get("spec")
        return _mapping(_mapping(job_spec).get("template"))
    return _mapping(_mapping(conf.get("spec")).get("template"))


def containers(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for key in CONTAINER_LISTS:
        for container in spec.get(key) or []:
            if isinstance(container, dict):
                yield container


def security_contexts(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The pod-level security context followed by every container's."""
    yield _mapping(spec.get("securityContext"))
    for container in containers(spec):
        yield _mapping(container.get("securityContext"))


def pod_annotations(metadata: dict[str, Any]) -> dict[str, str]:
    """Annotations as a mapping; checkov turns an object's own annotations into a list of mappings."""
    raw = metadata.get("annotations") or {}
    entries = raw if isinstance(raw, list) else [raw]
    merged: dict[str, str] = {}
    for entry in entries:
        if isinstance(entry, dict):
            merged.update({str(k): str(v) for k, v in entry.items() if not str(k).startswith("__")})
    return merged


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class PodSpecCheck(BaseK8Check):
    """A check over the pod spec of every workload kind; subclasses say whether a spec is acceptable."""

    def __init__(self, name: str, id: str, kinds: tuple[str, ...] = WORKLOAD_KINDS) -> None:
        super().__init__(name=name, id=id, categories=(CheckCategories.KUBERNETES,), supported_entities=kinds)

    def scan_spec_conf(self, conf: dict[str, Any]) -> CheckResult:
        template = pod_template(conf)
        spec = template.get("spec")
        if not isinstance(spec, dict):
            return CheckResult.UNKNOWN
        acceptable = self.pod_is_acceptable(conf, _mapping(template.get("metadata")), spec)
        return CheckResult.PASSED if acceptable else CheckResult.FAILED

    @abstractmethod
    def pod_is_acceptable(self, conf: dict[str, Any], metadata: dict[str, Any], spec: dict[str, Any]) -> bool:
        """`metadata` and `spec` are the pod's (a controller's template); `conf` is the whole object."""

"""CG-EKS-002: all five control-plane log types are on."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import as_list
from ..rule import ResourceRule, RuleMetadata, cis_eks, fsbp, nist

LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")


def check(args: ResourceValidationArgs) -> Iterator[str]:
    enabled = set(as_list(args.props.get("enabledClusterLogTypes")))
    missing = [log_type for log_type in LOG_TYPES if log_type not in enabled]
    if missing:
        yield f"enabledClusterLogTypes lacks {', '.join(missing)}"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-EKS-002",
        title="EKS control-plane logging covers all log types",
        description="EKS clusters send api, audit, authenticator, controllerManager and scheduler logs to "
        "CloudWatch Logs.",
        severity="medium",
        enforcement="mandatory",
        remediation="Set "
        "enabled_cluster_log_types=['api','audit','authenticator','controllerManager','scheduler'] on the "
        "eks.Cluster.",
        controls=nist("au-2", "au-12") + fsbp("EKS.8") + cis_eks("2.1.1"),
        properties=("enabledClusterLogTypes",),
    ),
    resource_types=frozenset({t.EKS_CLUSTER}),
    check=check,
)

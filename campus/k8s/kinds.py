"""API groups of the kinds campus matches on, and how an apiVersion splits into group and version."""

from __future__ import annotations

WORKLOAD_GROUPS: dict[str, str] = {
    "Pod": "",
    "Deployment": "apps",
    "StatefulSet": "apps",
    "DaemonSet": "apps",
    "ReplicaSet": "apps",
    "Job": "batch",
    "CronJob": "batch",
}


def split_api_version(api_version: str) -> tuple[str, str]:
    """`apps/v1` → (`apps`, `v1`); the core group `v1` → (``, `v1`)."""
    group, _, version = api_version.rpartition("/")
    return group, version

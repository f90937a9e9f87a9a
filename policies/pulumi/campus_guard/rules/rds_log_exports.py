"""CG-RDS-009: Aurora PostgreSQL clusters export their logs to CloudWatch Logs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import as_list
from ..rule import ResourceRule, RuleMetadata, fsbp, nist


def postgres(props: Mapping[str, Any]) -> str | None:
    engine = props.get("engine")
    return None if engine == "aurora-postgresql" else f"engine is {engine!r}"


def check(args: ResourceValidationArgs) -> Iterator[str]:
    exports = as_list(args.props.get("enabledCloudwatchLogsExports"))
    if "postgresql" not in exports:
        yield f"enabledCloudwatchLogsExports is {exports!r}, must include 'postgresql'"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-RDS-009",
        title="Aurora PostgreSQL logs go to CloudWatch Logs",
        description="Aurora PostgreSQL clusters publish their postgresql log to CloudWatch Logs.",
        severity="medium",
        enforcement="advisory",
        remediation="Set enabled_cloudwatch_logs_exports=['postgresql'] on the rds.Cluster.",
        controls=nist("au-2", "au-12") + fsbp("RDS.37"),
        properties=("enabledCloudwatchLogsExports",),
    ),
    resource_types=frozenset({t.RDS_CLUSTER}),
    check=check,
    applies=postgres,
)

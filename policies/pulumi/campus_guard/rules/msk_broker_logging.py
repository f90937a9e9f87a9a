"""CG-MSK-005: MSK brokers ship their logs."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import dig
from ..rule import ResourceRule, RuleMetadata, nist

DESTINATIONS = ("cloudwatchLogs", "firehose", "s3")


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if not any(dig(args.props, f"loggingInfo.brokerLogs.{d}.enabled") is True for d in DESTINATIONS):
        yield "loggingInfo.brokerLogs enables none of cloudwatchLogs, firehose, s3"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-MSK-005",
        title="MSK broker logs are delivered",
        description="MSK broker logs go to CloudWatch Logs, Firehose or S3.",
        severity="medium",
        enforcement="mandatory",
        remediation="Set logging_info.broker_logs.cloudwatch_logs (enabled=True, log_group=<group>) on the "
        "msk.Cluster.",
        controls=nist("au-2", "au-12", "si-4"),
        properties=tuple(f"loggingInfo.brokerLogs.{d}.enabled" for d in DESTINATIONS),
    ),
    resource_types=frozenset({t.MSK_CLUSTER}),
    check=check,
)

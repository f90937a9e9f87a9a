"""CG-MSK-008: Kafka runs on MSK (TLS, IAM auth, KMS), not self-managed on an instance."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import tags_of
from ..rule import ResourceRule, RuleMetadata, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    workloads = {w.strip().lower() for w in str(tags_of(args.props).get("Workloads", "")).split(",") if w.strip()}
    if "kafka" in workloads:
        yield "tags.Workloads says this instance runs a self-managed Kafka broker"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-MSK-008",
        title="Kafka runs on MSK, not self-managed",
        description="Event streaming uses MSK, whose brokers the other CG-MSK rules hold to TLS, IAM client auth, "
        "KMS and logging; a broker installed on an instance (declared by its Workloads tag) is outside them.",
        severity="medium",
        enforcement="mandatory",
        remediation="Use the Kafka component (MSK) and point the producers and consumers at its IAM bootstrap "
        "brokers.",
        controls=nist("sc-8", "sc-8.1", "cp-10"),
        properties=("tags.Workloads",),
    ),
    resource_types=frozenset({t.EC2_INSTANCE}),
    check=check,
)

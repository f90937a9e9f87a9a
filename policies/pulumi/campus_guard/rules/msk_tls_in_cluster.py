"""CG-MSK-002: brokers encrypt traffic among themselves."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import dig
from ..rule import ResourceRule, RuleMetadata, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    value = dig(args.props, "encryptionInfo.encryptionInTransit.inCluster")
    # Unset means the provider's default, true.
    if value is False:
        yield "encryptionInfo.encryptionInTransit.inCluster is false, must be true"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-MSK-002",
        title="MSK in-cluster traffic is encrypted",
        description="Replication traffic between MSK brokers is TLS encrypted.",
        severity="high",
        enforcement="mandatory",
        remediation="Remove in_cluster=False (the default is True) from the msk.Cluster's encryption_in_transit.",
        controls=nist("sc-8", "sc-8.1") + fsbp("MSK.1"),
        properties=("encryptionInfo.encryptionInTransit.inCluster",),
    ),
    resource_types=frozenset({t.MSK_CLUSTER}),
    check=check,
)

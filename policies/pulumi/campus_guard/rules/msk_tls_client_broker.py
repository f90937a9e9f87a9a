"""CG-MSK-001: clients talk to MSK brokers over TLS only."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import dig
from ..rule import ResourceRule, RuleMetadata, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    # The provider's default is TLS; an explicit TLS_PLAINTEXT or PLAINTEXT opens a plaintext listener.
    setting = dig(args.props, "encryptionInfo.encryptionInTransit.clientBroker") or "TLS"
    if setting != "TLS":
        yield f"encryptionInfo.encryptionInTransit.clientBroker is {setting!r}, must be 'TLS'"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-MSK-001",
        title="MSK client-broker traffic is TLS only",
        description="MSK clusters accept client connections over TLS only, with no plaintext listener.",
        severity="high",
        enforcement="mandatory",
        remediation="Set encryption_info.encryption_in_transit.client_broker='TLS' on the msk.Cluster.",
        controls=nist("sc-8", "sc-8.1"),
        properties=("encryptionInfo.encryptionInTransit.clientBroker",),
    ),
    resource_types=frozenset({t.MSK_CLUSTER}),
    check=check,
)

"""CG-MSK-007: MSK brokers have no public endpoints."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import dig
from ..rule import ResourceRule, RuleMetadata, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    access = dig(args.props, "brokerNodeGroupInfo.connectivityInfo.publicAccess.type") or "DISABLED"
    if access != "DISABLED":
        yield f"brokerNodeGroupInfo.connectivityInfo.publicAccess.type is {access!r}, must be 'DISABLED'"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-MSK-007",
        title="MSK public access is disabled",
        description="MSK brokers are reachable only inside the VPC.",
        severity="critical",
        enforcement="mandatory",
        remediation="Remove connectivity_info.public_access or set its type to 'DISABLED'.",
        controls=nist("sc-7", "ac-3") + fsbp("MSK.4"),
        properties=("brokerNodeGroupInfo.connectivityInfo.publicAccess.type",),
    ),
    resource_types=frozenset({t.MSK_CLUSTER}),
    check=check,
)

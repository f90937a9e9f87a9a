"""CG-MSK-004: clients authenticate to MSK with IAM; unauthenticated access is off."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import dig
from ..rule import ResourceRule, RuleMetadata, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if dig(args.props, "clientAuthentication.sasl.iam") is not True:
        yield "clientAuthentication.sasl.iam is not true: IAM access control is off"
    if dig(args.props, "clientAuthentication.unauthenticated") is True:
        yield "clientAuthentication.unauthenticated is true: anyone who reaches a broker can use it"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-MSK-004",
        title="MSK clients authenticate with IAM",
        description="MSK clusters require IAM (SASL/IAM) client authentication and disable unauthenticated access.",
        severity="high",
        enforcement="mandatory",
        remediation="Set client_authentication.sasl.iam=True and unauthenticated=False on the msk.Cluster.",
        controls=nist("ia-2", "ia-9", "ac-3") + fsbp("MSK.6"),
        properties=("clientAuthentication.sasl.iam", "clientAuthentication.unauthenticated"),
    ),
    resource_types=frozenset({t.MSK_CLUSTER}),
    check=check,
)

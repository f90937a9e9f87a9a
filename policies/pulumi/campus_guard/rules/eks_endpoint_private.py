"""CG-EKS-001: the EKS API endpoint is private (public access off in prod, never open to the world)."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import as_list, dig, is_prod
from ..rule import ResourceRule, RuleMetadata, cis_eks, fsbp, nist

OPEN_CIDRS = ("0.0.0.0/0", "::/0")


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if dig(args.props, "vpcConfig.endpointPrivateAccess") is not True:
        yield "vpcConfig.endpointPrivateAccess is not true: nodes reach the API over the internet"
    # The provider's default for endpointPublicAccess is true, with publicAccessCidrs 0.0.0.0/0.
    public = dig(args.props, "vpcConfig.endpointPublicAccess") is not False
    if public and is_prod(args.props):
        yield "vpcConfig.endpointPublicAccess is not false in prod"
    elif public:
        cidrs = as_list(dig(args.props, "vpcConfig.publicAccessCidrs")) or ["0.0.0.0/0"]
        open_cidrs = [c for c in cidrs if c in OPEN_CIDRS]
        if open_cidrs:
            yield f"vpcConfig.publicAccessCidrs includes {open_cidrs[0]}: the public endpoint is open to all"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-EKS-001",
        title="EKS API endpoint is private",
        description="The EKS cluster endpoint has private access on; in prod public access is off, "
        "elsewhere a public endpoint is limited to named CIDRs.",
        severity="high",
        enforcement="mandatory",
        remediation="Set vpc_config.endpoint_private_access=True and endpoint_public_access=False (prod) or "
        "public_access_cidrs to the operators' ranges (dev).",
        controls=nist("ac-3", "sc-7") + fsbp("EKS.1") + cis_eks("5.4.1", "5.4.2"),
        properties=(
            "vpcConfig.endpointPrivateAccess",
            "vpcConfig.endpointPublicAccess",
            "vpcConfig.publicAccessCidrs",
            "tags.Environment",
        ),
    ),
    resource_types=frozenset({t.EKS_CLUSTER}),
    check=check,
)

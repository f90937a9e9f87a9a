"""CG-EC2-004: instances and launch templates get no public IP unless the pack's config names them."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import as_list, dig, truthy
from ..rule import ResourceRule, RuleMetadata, fsbp, nist

CONFIG_KEY = "allowedResources"


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if args.name in as_list(args.get_config().get(CONFIG_KEY)):
        return
    if args.resource_type == t.EC2_INSTANCE:
        if truthy(args.props.get("associatePublicIpAddress")):
            yield "associatePublicIpAddress is true"
        return
    for index, interface in enumerate(as_list(args.props.get("networkInterfaces"))):
        if truthy(dig(interface, "associatePublicIpAddress")):
            yield f"networkInterfaces[{index}].associatePublicIpAddress is true"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-EC2-004",
        title="EC2 instances have no public IP address",
        description="Instances and launch templates do not assign public IPv4 addresses, except resources "
        "the policy config lists under allowedResources.",
        severity="high",
        enforcement="mandatory",
        remediation="Set associate_public_ip_address=False and reach the instance through SSM or a private "
        "endpoint; list a deliberate exception by resource name in the pack config.",
        controls=nist("sc-7", "ac-17") + fsbp("EC2.9", "EC2.25"),
        properties=("associatePublicIpAddress", "networkInterfaces[].associatePublicIpAddress"),
        config_schema={CONFIG_KEY: {"type": "array", "items": {"type": "string"}, "default": []}},
    ),
    resource_types=frozenset({t.EC2_INSTANCE, t.EC2_LAUNCH_TEMPLATE}),
    check=check,
)

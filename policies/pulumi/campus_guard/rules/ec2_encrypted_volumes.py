"""CG-EC2-003: instance and launch-template EBS volumes are encrypted."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import as_list, dig, truthy
from ..rule import ResourceRule, RuleMetadata, cis_aws, fsbp, nist


def instance_volumes(args: ResourceValidationArgs) -> Iterator[str]:
    root = args.props.get("rootBlockDevice")
    if root is None or not truthy(dig(root, "encrypted")):
        yield "rootBlockDevice.encrypted is not true"
    for index, device in enumerate(as_list(args.props.get("ebsBlockDevices"))):
        if not truthy(dig(device, "encrypted")):
            yield f"ebsBlockDevices[{index}].encrypted is not true"


def template_volumes(args: ResourceValidationArgs) -> Iterator[str]:
    for index, mapping in enumerate(as_list(args.props.get("blockDeviceMappings"))):
        ebs = dig(mapping, "ebs")
        if ebs is not None and not truthy(dig(ebs, "encrypted")):
            yield f"blockDeviceMappings[{index}].ebs.encrypted is not true"


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if args.resource_type == t.EC2_INSTANCE:
        yield from instance_volumes(args)
    else:
        yield from template_volumes(args)


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-EC2-003",
        title="EBS volumes are encrypted",
        description="Root and data EBS volumes of instances and launch templates are encrypted at rest.",
        severity="high",
        enforcement="mandatory",
        remediation="Set root_block_device.encrypted=True (instances) or "
        "block_device_mappings[].ebs.encrypted='true' (launch templates), with the campus KMS key.",
        controls=nist("sc-28", "sc-28.1") + fsbp("EC2.3", "EC2.181") + cis_aws("1.5.0", "2.2.1"),
        properties=(
            "rootBlockDevice.encrypted",
            "ebsBlockDevices[].encrypted",
            "blockDeviceMappings[].ebs.encrypted",
        ),
    ),
    resource_types=frozenset({t.EC2_INSTANCE, t.EC2_LAUNCH_TEMPLATE}),
    check=check,
)

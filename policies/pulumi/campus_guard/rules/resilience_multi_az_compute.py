"""CG-RES-001: compute spans at least two availability zones, so one AZ failing does not stop the platform."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import StackValidationArgs

from .. import aws_types as t
from ..props import as_list
from ..relations import of_type
from ..rule import RuleMetadata, StackRule, nist


def check(args: StackValidationArgs) -> Iterator[tuple[str, str]]:
    for group in of_type(args.resources, t.EKS_NODE_GROUP):
        subnets = {str(s) for s in as_list(group.props.get("subnetIds"))}
        if len(subnets) < 2:
            yield group.urn, f"subnetIds spans {len(subnets)} subnet(s); node groups need subnets in 2+ AZs"
    instances = of_type(args.resources, t.EC2_INSTANCE)
    zones = {str(i.props.get("availabilityZone") or i.props.get("subnetId")) for i in instances}
    if instances and not of_type(args.resources, t.EKS_NODE_GROUP) and len(zones) < 2:
        for instance in instances:
            yield instance.urn, "the stack's only compute is in one availability zone (single point of failure)"


RULE = StackRule(
    meta=RuleMetadata(
        id="CG-RES-001",
        title="Compute spans at least two availability zones",
        description="EKS node groups draw on subnets in two or more AZs; a stack whose compute is plain EC2 spreads "
        "its instances over two or more AZs.",
        severity="medium",
        enforcement="mandatory",
        remediation="Give node groups a private subnet per AZ; run stand-alone instances in at least two AZs.",
        controls=nist("cp-7", "cp-10", "sc-5"),
        properties=("subnetIds", "availabilityZone", "subnetId"),
    ),
    subject_types=frozenset({t.EC2_INSTANCE, t.EKS_NODE_GROUP}),
    check=check,
)

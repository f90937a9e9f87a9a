"""CG-EC2-006: every VPC has flow logs."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import StackValidationArgs

from .. import aws_types as t
from ..relations import of_type, referring
from ..rule import RuleMetadata, StackRule, cis_aws, fsbp, nist


def check(args: StackValidationArgs) -> Iterator[tuple[str, str]]:
    for vpc in of_type(args.resources, t.EC2_VPC):
        if not referring(args.resources, t.EC2_FLOW_LOG, "vpcId", vpc):
            yield vpc.urn, "no FlowLog's vpcId refers to this VPC"


RULE = StackRule(
    meta=RuleMetadata(
        id="CG-EC2-006",
        title="VPC flow logs are enabled",
        description="Every VPC has a flow log capturing its traffic.",
        severity="medium",
        enforcement="mandatory",
        remediation="Create an ec2.FlowLog with vpc_id=<vpc>.id and traffic_type='ALL' to CloudWatch Logs or S3.",
        controls=nist("au-2", "au-12", "si-4", "si-4.17")
        + fsbp("EC2.6")
        + cis_aws("1.5.0", "3.9")
        + cis_aws("3.0.0", "3.7")
        + cis_aws("5.0.0", "3.7"),
        properties=("vpcId (of FlowLog)",),
    ),
    subject_types=frozenset({t.EC2_VPC}),
    check=check,
)

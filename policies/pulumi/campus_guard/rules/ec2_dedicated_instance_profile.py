"""CG-EC2-010: an instance's role is its own — the instance profile is created with the stack, not a shared one."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import StackValidationArgs

from .. import aws_types as t
from ..relations import of_type
from ..rule import RuleMetadata, StackRule, nist

INSTANCE_PROFILE = "aws:iam/instanceProfile:InstanceProfile"


def check(args: StackValidationArgs) -> Iterator[tuple[str, str]]:
    owned: set[str] = set()
    for profile in of_type(args.resources, INSTANCE_PROFILE):
        owned |= {str(v) for v in (profile.props.get("name"), profile.props.get("arn"), profile.props.get("id")) if v}
    for instance in of_type(args.resources, t.EC2_INSTANCE):
        profile = instance.props.get("iamInstanceProfile")
        if profile and str(profile) not in owned:
            yield instance.urn, f"iamInstanceProfile {profile} is not created by this stack (a shared role)"


RULE = StackRule(
    meta=RuleMetadata(
        id="CG-EC2-010",
        title="EC2 instances use a dedicated instance profile",
        description="An instance's IAM role belongs to the workload: its instance profile is created with the stack "
        "and scoped to it, not an account-wide shared profile whose permissions the stack cannot see.",
        severity="medium",
        enforcement="mandatory",
        remediation="Create an aws.iam.InstanceProfile with a role scoped to the instance's needs.",
        controls=nist("ac-6", "ac-2"),
        properties=("iamInstanceProfile",),
    ),
    subject_types=frozenset({t.EC2_INSTANCE}),
    check=check,
)

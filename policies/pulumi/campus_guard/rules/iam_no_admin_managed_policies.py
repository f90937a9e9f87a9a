"""CG-IAM-004: workload roles carry no administrator managed policies."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import as_list
from ..rule import ResourceRule, RuleMetadata, nist

ADMIN_POLICIES = ("AdministratorAccess", "PowerUserAccess", "IAMFullAccess")


def is_admin_policy(arn: object) -> bool:
    return isinstance(arn, str) and arn.rsplit("/", 1)[-1] in ADMIN_POLICIES and ":iam::aws:policy/" in arn


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if args.resource_type == t.IAM_ROLE_POLICY_ATTACHMENT:
        arns = [("policyArn", args.props.get("policyArn"))]
    else:
        arns = [(f"managedPolicyArns[{i}]", a) for i, a in enumerate(as_list(args.props.get("managedPolicyArns")))]
    for path, arn in arns:
        if is_admin_policy(arn):
            yield f"{path} is {arn}, an administrator policy"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-IAM-004",
        title="No administrator managed policies on workload roles",
        description="Roles are not attached AdministratorAccess, PowerUserAccess or IAMFullAccess.",
        severity="critical",
        enforcement="mandatory",
        remediation="Attach a campus policy with the actions the workload needs instead.",
        controls=nist("ac-6", "ac-6.5", "ac-6.10"),
        properties=("policyArn", "managedPolicyArns"),
    ),
    resource_types=frozenset({t.IAM_ROLE_POLICY_ATTACHMENT, t.IAM_ROLE}),
    check=check,
)

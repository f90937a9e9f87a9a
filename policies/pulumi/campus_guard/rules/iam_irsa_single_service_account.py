"""CG-IAM-006: every IRSA role is bound to exactly one Kubernetes service account."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import StackValidationArgs

from .. import aws_types as t
from ..irsa import exact_subjects, is_irsa_role, service_account_subject, web_identity_statements
from ..relations import of_type, referring
from ..rule import RuleMetadata, StackRule, cis_eks, nist


def check(args: StackValidationArgs) -> Iterator[tuple[str, str]]:
    for role in of_type(args.resources, t.IAM_ROLE):
        if is_irsa_role(role.props) is not None:
            continue
        trusted = {s for statement in web_identity_statements(role.props) for s in exact_subjects(statement)}
        if len(trusted) != 1:
            yield (
                role.urn,
                f"assumeRolePolicy trusts {len(trusted)} service account subjects, expected exactly 1",
            )
        accounts = referring(args.resources, t.K8S_SERVICE_ACCOUNT, "metadata", role)
        # An EKS add-on given the role (serviceAccountRoleArn) has EKS annotate the add-on's own service account.
        addons = referring(args.resources, t.EKS_ADDON, "serviceAccountRoleArn", role)
        if len(addons) == 1 and not accounts:
            continue
        if len(accounts) != 1:
            names = ", ".join(a.name for a in accounts) or "none"
            yield (
                role.urn,
                f"{len(accounts)} ServiceAccounts carry this role in metadata.annotations ({names})",
            )
            continue
        bound = service_account_subject(accounts[0].props)
        if trusted and bound not in trusted:
            yield (
                role.urn,
                f"ServiceAccount {accounts[0].name} is {bound}, but the trust policy names {sorted(trusted)}",
            )


RULE = StackRule(
    meta=RuleMetadata(
        id="CG-IAM-006",
        title="Each IRSA role serves exactly one service account",
        description="An IRSA role trusts one service account subject, and exactly one Kubernetes "
        "ServiceAccount in the stack, the same one, carries its eks.amazonaws.com/role-arn annotation "
        "(or exactly one EKS add-on names it as serviceAccountRoleArn, and EKS annotates the add-on's account).",
        severity="high",
        enforcement="mandatory",
        remediation="Create one role per ServiceAccount; annotate that ServiceAccount with the role's ARN "
        "and name it in the trust policy's sub condition.",
        controls=nist("ac-2", "ac-6") + cis_eks("5.2.1"),
        properties=(
            "assumeRolePolicy",
            "metadata.annotations.eks.amazonaws.com/role-arn (of ServiceAccount)",
        ),
    ),
    subject_types=frozenset({t.IAM_ROLE}),
    check=check,
    applies=is_irsa_role,
)

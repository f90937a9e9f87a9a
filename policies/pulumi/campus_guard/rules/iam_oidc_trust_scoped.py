"""CG-IAM-005: OIDC (IRSA) trust policies name the exact service account and audience."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..irsa import audiences, exact_subjects, is_irsa_role, pattern_subjects, web_identity_statements
from ..rule import ResourceRule, RuleMetadata, cis_eks, nist

STS_AUDIENCE = "sts.amazonaws.com"


def check(args: ResourceValidationArgs) -> Iterator[str]:
    for statement in web_identity_statements(args.props):
        where = f"assumeRolePolicy Statement[{statement.index}]"
        subjects = exact_subjects(statement)
        if not subjects:
            yield f"{where} has no StringEquals on <issuer>:sub: any service account may assume the role"
        for subject in (*subjects, *pattern_subjects(statement)):
            if "*" in subject or "?" in subject:
                yield f"{where} sub condition {subject!r} is a pattern, not one service account"
        if set(audiences(statement)) != {STS_AUDIENCE}:
            found = list(audiences(statement))
            yield f"{where} StringEquals <issuer>:aud is {found!r}, must be ['{STS_AUDIENCE}']"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-IAM-005",
        title="IRSA trust policies are scoped to a service account",
        description="Roles trusted through the cluster's OIDC provider require StringEquals on <issuer>:sub "
        "(one namespace/service account, no wildcards) and <issuer>:aud = sts.amazonaws.com.",
        severity="critical",
        enforcement="mandatory",
        remediation="Build the trust policy with Condition StringEquals {'<issuer>:sub': "
        "'system:serviceaccount:<ns>:<sa>', '<issuer>:aud': 'sts.amazonaws.com'}.",
        controls=nist("ac-3", "ac-6", "ia-9") + cis_eks("5.2.1"),
        properties=("assumeRolePolicy",),
    ),
    resource_types=frozenset({t.IAM_ROLE}),
    check=check,
    applies=is_irsa_role,
)

"""CG-IAM-007: role trust policies name who may assume the role; a wildcard principal is scoped to an account."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..iam_documents import Statement, statements
from ..rule import ResourceRule, RuleMetadata, nist

# Condition keys that pin a wildcard principal to known accounts (compared lower-case, as IAM does).
ACCOUNT_KEYS = frozenset(
    {"aws:principalorgid", "aws:principalaccount", "aws:principalarn", "aws:sourceaccount", "aws:sourceorgid"}
)


def _wildcards(principals: Mapping[str, tuple[str, ...]] | str | None) -> list[str]:
    if principals == "*":
        return ["*"]
    if isinstance(principals, Mapping):
        return [f"{kind}: *" for kind, ids in principals.items() if "*" in ids]
    return []


def _scoped_to_accounts(statement: Statement) -> bool:
    return any(
        key.lower() in ACCOUNT_KEYS and values and not any("*" in value or "?" in value for value in values)
        for entries in statement.conditions.values()
        for key, values in entries.items()
    )


def check(args: ResourceValidationArgs) -> Iterator[str]:
    for statement in statements(args.props.get("assumeRolePolicy")):
        wildcards = _wildcards(statement.principals)
        if statement.allows and wildcards and not _scoped_to_accounts(statement):
            yield (f"assumeRolePolicy Statement[{statement.index}] trusts Principal {', '.join(wildcards)} with no "
                   "account condition: any AWS account may assume the role")


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-IAM-007",
        title="Role trust policies name their principals",
        description="A role's trust policy names the services, roles or identity providers that may assume it. "
        "A wildcard principal is allowed only with an exact aws:PrincipalOrgID, aws:PrincipalAccount, "
        "aws:PrincipalArn, aws:SourceAccount or aws:SourceOrgID condition.",
        severity="critical",
        enforcement="mandatory",
        remediation="Name the principal (Service, AWS role ARN or Federated provider), or add an exact account "
        "condition such as StringEquals {'aws:PrincipalOrgID': 'o-…'}.",
        controls=nist("ac-2", "ac-3", "ac-6"),
        properties=("assumeRolePolicy",),
    ),
    resource_types=frozenset({t.IAM_ROLE}),
    check=check,
)

"""IAM roles for service accounts: web-identity trust statements and the service accounts that use them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .iam_documents import Statement, condition_values, statements

WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity"
ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn"
SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:"


def web_identity_statements(props: Mapping[str, Any]) -> Iterator[Statement]:
    for statement in statements(props.get("assumeRolePolicy")):
        federated = isinstance(statement.principals, Mapping) and "Federated" in statement.principals
        if statement.allows and federated and statement.grants(WEB_IDENTITY):
            yield statement


def is_irsa_role(props: Mapping[str, Any]) -> str | None:
    """Applicability: roles trusted through an OIDC provider."""
    return None if any(web_identity_statements(props)) else "trust policy has no web-identity statement"


def exact_subjects(statement: Statement) -> tuple[str, ...]:
    return condition_values(statement, "StringEquals", ":sub")


def pattern_subjects(statement: Statement) -> tuple[str, ...]:
    return condition_values(statement, "StringLike", ":sub")


def audiences(statement: Statement) -> tuple[str, ...]:
    return condition_values(statement, "StringEquals", ":aud")


def service_account_subject(sa_props: Mapping[str, Any]) -> str:
    metadata = sa_props.get("metadata") or {}
    return f"{SERVICE_ACCOUNT_PREFIX}{metadata.get('namespace') or 'default'}:{metadata.get('name')}"

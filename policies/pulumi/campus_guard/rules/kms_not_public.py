"""CG-KMS-003: key policies grant nothing to everyone."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..iam_documents import Statement, statements
from ..rule import ResourceRule, RuleMetadata, fsbp, nist


def open_to_everyone(statement: Statement) -> bool:
    principals = statement.principals
    if principals == "*":
        return True
    return isinstance(principals, Mapping) and "*" in principals.get("AWS", ())


def check(args: ResourceValidationArgs) -> Iterator[str]:
    for statement in statements(args.props.get("policy")):
        if statement.allows and open_to_everyone(statement) and not statement.conditions:
            yield f"policy Statement[{statement.index}] allows Principal '*' without a Condition"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-KMS-003",
        title="KMS key policies are not public",
        description="No key policy statement allows any principal ('*') without a condition that narrows it.",
        severity="critical",
        enforcement="mandatory",
        remediation="Name the account root or specific roles as principals in the key policy.",
        controls=nist("ac-3", "ac-6") + fsbp("KMS.5"),
        properties=("policy",),
    ),
    resource_types=frozenset({t.KMS_KEY}),
    check=check,
)

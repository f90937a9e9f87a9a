"""CG-IAM-002: no policy grants every action of a service ("s3:*")."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from ..documents import PERMISSION_DOCUMENT_TYPES, permission_documents
from ..iam_documents import statements
from ..rule import ResourceRule, RuleMetadata, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    for path, document in permission_documents(args.resource_type, args.props):
        for statement in statements(document):
            if not statement.allows:
                continue
            for action in statement.actions:
                if action.endswith(":*"):
                    yield f"{path} Statement[{statement.index}] allows {action!r}"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-IAM-002",
        title="No IAM policy grants a whole service",
        description="Allow statements name actions, not '<service>:*'.",
        severity="high",
        enforcement="mandatory",
        remediation="Replace '<service>:*' with the actions the workload calls.",
        controls=nist("ac-6") + fsbp("IAM.21"),
        properties=("policy", "inlinePolicies[].policy"),
    ),
    resource_types=PERMISSION_DOCUMENT_TYPES,
    check=check,
)

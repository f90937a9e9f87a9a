"""CG-IAM-001: no policy grants "*" on "*"."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from ..documents import PERMISSION_DOCUMENT_TYPES, permission_documents
from ..iam_documents import statements
from ..rule import ResourceRule, RuleMetadata, cis_aws, fsbp, nist

ALL_ACTIONS = ("*", "*:*")


def check(args: ResourceValidationArgs) -> Iterator[str]:
    for path, document in permission_documents(args.resource_type, args.props):
        for statement in statements(document):
            if statement.allows and "*" in statement.resources and any(a in ALL_ACTIONS for a in statement.actions):
                yield f"{path} Statement[{statement.index}] allows Action '*' on Resource '*'"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-IAM-001",
        title="No IAM policy grants full administrative privileges",
        description="No policy statement allows every action on every resource.",
        severity="critical",
        enforcement="mandatory",
        remediation="Grant the specific actions the workload calls, on the ARNs it uses.",
        controls=nist("ac-6", "ac-6.2")
        + fsbp("IAM.1")
        + cis_aws("1.5.0", "1.16")
        + cis_aws("3.0.0", "1.16")
        + cis_aws("5.0.0", "1.15"),
        properties=("policy", "inlinePolicies[].policy"),
    ),
    resource_types=PERMISSION_DOCUMENT_TYPES,
    check=check,
)

"""CG-IAM-003: Resource "*" only for actions on the documented allow-list."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from ..allowlist import ALLOWLIST_FILE, may_use_wildcard_resource
from ..documents import PERMISSION_DOCUMENT_TYPES, permission_documents
from ..iam_documents import statements
from ..rule import ResourceRule, RuleMetadata, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    for path, document in permission_documents(args.resource_type, args.props):
        for statement in statements(document):
            if not statement.allows or "*" not in statement.resources:
                continue
            outside = [a for a in statement.actions if not may_use_wildcard_resource(a)]
            if outside:
                yield (
                    f"{path} Statement[{statement.index}] grants {', '.join(outside)} on Resource '*' "
                    f"(not in {ALLOWLIST_FILE.name})"
                )


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-IAM-003",
        title="IAM policies name their resources",
        description="Allow statements on Resource '*' contain only actions on the documented allow-list of "
        "actions that have no resource-level permissions.",
        severity="high",
        enforcement="mandatory",
        remediation="Name the ARNs (bucket, table, key, cluster) in Resource, or add the action with its "
        "reason to policies/pulumi/campus_guard/data/wildcard-resource-actions.yaml after review.",
        controls=nist("ac-6", "ac-3") + fsbp("KMS.1", "KMS.2"),
        properties=("policy", "inlinePolicies[].policy"),
    ),
    resource_types=PERMISSION_DOCUMENT_TYPES,
    check=check,
)

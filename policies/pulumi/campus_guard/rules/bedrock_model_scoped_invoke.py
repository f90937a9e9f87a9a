"""CG-BR-001: Bedrock invoke permissions name the models."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from ..documents import PERMISSION_DOCUMENT_TYPES, permission_documents
from ..iam_documents import statements
from ..rule import ResourceRule, RuleMetadata, nist

INVOKE_ACTIONS = ("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:Converse")
MODEL_ARN_MARKERS = (":foundation-model/", ":inference-profile/", ":provisioned-model/", ":custom-model/")


def scoped_to_models(resource: str) -> bool:
    if not any(marker in resource for marker in MODEL_ARN_MARKERS):
        return False
    model = resource.rsplit("/", 1)[-1]
    return bool(model) and "*" not in model


def check(args: ResourceValidationArgs) -> Iterator[str]:
    for path, document in permission_documents(args.resource_type, args.props):
        for statement in statements(document):
            if not statement.allows or not any(statement.grants(a) for a in INVOKE_ACTIONS):
                continue
            unscoped = [r for r in statement.resources if not scoped_to_models(r)] or ["(none)"]
            if not statement.resources or unscoped != ["(none)"]:
                where = f"{path} Statement[{statement.index}]"
                yield f"{where} invokes Bedrock on {unscoped[0]!r}, not a named model ARN"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-BR-001",
        title="Bedrock invoke permissions are model-scoped",
        description="Statements that allow bedrock:InvokeModel* list the foundation-model or "
        "inference-profile ARNs the workload uses, never '*' or a model wildcard.",
        severity="high",
        enforcement="mandatory",
        remediation="Set Resource to arn:aws:bedrock:<region>::foundation-model/<model-id> for each model.",
        controls=nist("ac-6", "ac-3"),
        properties=("policy", "inlinePolicies[].policy"),
    ),
    resource_types=PERMISSION_DOCUMENT_TYPES,
    check=check,
)

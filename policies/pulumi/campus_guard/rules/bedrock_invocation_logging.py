"""CG-BR-002: a stack that invokes Bedrock logs the invocations."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import StackValidationArgs

from .. import aws_types as t
from ..documents import PERMISSION_DOCUMENT_TYPES
from ..iam_documents import statements
from ..props import as_list, dig
from ..relations import of_type
from ..rule import RuleMetadata, StackRule, nist
from .bedrock_model_scoped_invoke import INVOKE_ACTIONS


def grants_invoke(props: Mapping[str, Any]) -> str | None:
    """Applicability: policies (standalone, role policy or role inline) that allow bedrock:InvokeModel*."""
    documents = [props.get("policy"), *(dig(p, "policy") for p in as_list(props.get("inlinePolicies")))]
    for document in documents:
        if any(s.allows and any(s.grants(a) for a in INVOKE_ACTIONS) for s in statements(document)):
            return None
    return "grants no bedrock:InvokeModel"


def delivers_text_logs(props: Mapping[str, Any]) -> bool:
    destination = dig(props, "loggingConfig.cloudwatchConfig.logGroupName") or dig(
        props, "loggingConfig.s3Config.bucketName"
    )
    return bool(destination) and dig(props, "loggingConfig.textDataDeliveryEnabled") is not False


def check(args: StackValidationArgs) -> Iterator[tuple[str, str]]:
    invokers = [r for r in args.resources if RULE.is_subject(r.resource_type, r.props)]
    if not invokers:
        args.not_applicable("no policy in the stack grants bedrock:InvokeModel")
    if any(delivers_text_logs(c.props) for c in of_type(args.resources, t.BEDROCK_INVOCATION_LOGGING)):
        return
    for invoker in invokers:
        yield (
            invoker.urn,
            "grants bedrock:InvokeModel but no InvocationLoggingConfiguration in the stack delivers text "
            "logs "
            "(loggingConfig.cloudwatchConfig.logGroupName or loggingConfig.s3Config.bucketName)",
        )


RULE = StackRule(
    meta=RuleMetadata(
        id="CG-BR-002",
        title="Bedrock model invocations are logged",
        description="A stack whose policies allow bedrock:InvokeModel* configures Bedrock model invocation "
        "logging with text delivery to CloudWatch Logs or S3.",
        severity="medium",
        enforcement="mandatory",
        remediation="Create a bedrockmodel.InvocationLoggingConfiguration with "
        "logging_config.cloudwatch_config (log group, role) and text_data_delivery_enabled=True.",
        controls=nist("au-2", "au-12", "si-4"),
        properties=("loggingConfig.cloudwatchConfig.logGroupName", "loggingConfig.s3Config.bucketName"),
    ),
    subject_types=PERMISSION_DOCUMENT_TYPES,
    check=check,
    applies=grants_invoke,
)

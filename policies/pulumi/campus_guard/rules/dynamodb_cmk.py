"""CG-DDB-002: DynamoDB tables encrypt with a customer managed KMS key."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import dig
from ..rule import ResourceRule, RuleMetadata, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if dig(args.props, "serverSideEncryption.enabled") is not True:
        yield "serverSideEncryption.enabled is not true (the table uses an AWS owned key)"
    elif not dig(args.props, "serverSideEncryption.kmsKeyArn"):
        yield "serverSideEncryption.kmsKeyArn is not set (the table uses the AWS managed key)"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-DDB-002",
        title="DynamoDB tables use a customer managed key",
        description="DynamoDB tables encrypt at rest with a campus customer managed KMS key, so key use is "
        "logged and revocable.",
        severity="medium",
        enforcement="mandatory",
        remediation="Set server_side_encryption.enabled=True and kms_key_arn=<campus key ARN> on the table.",
        controls=nist("sc-28", "sc-28.1", "sc-12"),
        properties=("serverSideEncryption.enabled", "serverSideEncryption.kmsKeyArn"),
    ),
    resource_types=frozenset({t.DYNAMODB_TABLE}),
    check=check,
)

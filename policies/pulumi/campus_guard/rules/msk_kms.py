"""CG-MSK-003: MSK encrypts data at rest with the campus KMS key."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import dig
from ..rule import ResourceRule, RuleMetadata, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if not dig(args.props, "encryptionInfo.encryptionAtRestKmsKeyArn"):
        yield "encryptionInfo.encryptionAtRestKmsKeyArn is not set: brokers use the AWS managed key"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-MSK-003",
        title="MSK data at rest uses a customer managed key",
        description="MSK broker storage is encrypted with a campus customer managed KMS key.",
        severity="medium",
        enforcement="mandatory",
        remediation="Set encryption_info.encryption_at_rest_kms_key_arn=<campus key ARN> on the msk.Cluster.",
        controls=nist("sc-28", "sc-28.1", "sc-12"),
        properties=("encryptionInfo.encryptionAtRestKmsKeyArn",),
    ),
    resource_types=frozenset({t.MSK_CLUSTER}),
    check=check,
)

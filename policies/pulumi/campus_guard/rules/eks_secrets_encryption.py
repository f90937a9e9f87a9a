"""CG-EKS-003: Kubernetes secrets are envelope-encrypted with a KMS key."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import as_list, dig
from ..rule import ResourceRule, RuleMetadata, cis_eks, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if "secrets" not in as_list(dig(args.props, "encryptionConfig.resources")):
        yield "encryptionConfig.resources does not include 'secrets'"
    if not dig(args.props, "encryptionConfig.provider.keyArn"):
        yield "encryptionConfig.provider.keyArn is not set"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-EKS-003",
        title="EKS secrets are encrypted with KMS",
        description="EKS clusters envelope-encrypt Kubernetes secrets with a customer managed KMS key.",
        severity="high",
        enforcement="mandatory",
        remediation="Set encryption_config={'provider': {'key_arn': <campus key ARN>}, 'resources': "
        "['secrets']} on the eks.Cluster.",
        controls=nist("sc-28", "sc-28.1", "sc-12") + fsbp("EKS.3") + cis_eks("5.3.1"),
        properties=("encryptionConfig.resources", "encryptionConfig.provider.keyArn"),
    ),
    resource_types=frozenset({t.EKS_CLUSTER}),
    check=check,
)

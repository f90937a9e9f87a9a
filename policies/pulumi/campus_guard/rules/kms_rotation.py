"""CG-KMS-001: symmetric KMS keys rotate."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..rule import ResourceRule, RuleMetadata, cis_aws, nist


def symmetric(props: Mapping[str, Any]) -> str | None:
    spec = props.get("customerMasterKeySpec") or props.get("keySpec") or "SYMMETRIC_DEFAULT"
    return None if spec == "SYMMETRIC_DEFAULT" else f"key spec {spec} cannot rotate automatically"


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if args.props.get("enableKeyRotation") is not True:
        yield f"enableKeyRotation is {args.props.get('enableKeyRotation')!r}, must be true"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-KMS-001",
        title="KMS key rotation is enabled",
        description="Customer managed symmetric KMS keys rotate their key material automatically.",
        severity="medium",
        enforcement="mandatory",
        remediation="Set enable_key_rotation=True on the kms.Key.",
        controls=nist("sc-12", "sc-12.2") + cis_aws("1.5.0", "3.8") + cis_aws("3.0.0", "3.6") + cis_aws("5.0.0", "3.6"),
        properties=("enableKeyRotation",),
    ),
    resource_types=frozenset({t.KMS_KEY}),
    check=check,
    applies=symmetric,
)

"""CG-S3-009: bucket ownership controls disable ACLs."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import dig
from ..rule import ResourceRule, RuleMetadata, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    ownership = dig(args.props, "rule.objectOwnership")
    if ownership != "BucketOwnerEnforced":
        yield f"rule.objectOwnership is {ownership!r}, must be 'BucketOwnerEnforced' (ACLs disabled)"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-S3-009",
        title="S3 ACLs are disabled",
        description="Bucket ownership controls enforce bucket-owner ownership, which disables ACLs so "
        "access is governed by policies only.",
        severity="medium",
        enforcement="mandatory",
        remediation="Set rule.object_ownership='BucketOwnerEnforced' on the s3.BucketOwnershipControls.",
        controls=nist("ac-3") + fsbp("S3.12"),
        properties=("rule.objectOwnership",),
    ),
    resource_types=frozenset({t.S3_OWNERSHIP}),
    check=check,
)

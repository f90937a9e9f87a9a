"""CG-S3-004: bucket versioning resources enable versioning."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import dig
from ..rule import ResourceRule, RuleMetadata, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    status = dig(args.props, "versioningConfiguration.status")
    if status != "Enabled":
        yield f"versioningConfiguration.status is {status!r}, must be 'Enabled'"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-S3-004",
        title="S3 bucket versioning is enabled",
        description="A BucketVersioning resource keeps versioning Enabled, so overwritten or deleted "
        "objects can be restored.",
        severity="medium",
        enforcement="mandatory",
        remediation="Set versioning_configuration.status='Enabled' on the s3.BucketVersioning.",
        controls=nist("cp-9", "cp-10", "si-12"),
        properties=("versioningConfiguration.status",),
    ),
    resource_types=frozenset({t.S3_VERSIONING}),
    check=check,
)

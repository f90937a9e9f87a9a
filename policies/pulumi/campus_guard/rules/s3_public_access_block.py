"""CG-S3-002: a bucket's public access block turns on all four settings."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import truthy
from ..rule import ResourceRule, RuleMetadata, cis_aws, fsbp, nist

SETTINGS = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")


def check(args: ResourceValidationArgs) -> Iterator[str]:
    for setting in SETTINGS:
        value = args.props.get(setting)
        if not truthy(value):
            yield f"{setting} is {value!r}, must be true"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-S3-002",
        title="S3 public access blocks block everything",
        description="A bucket public access block sets blockPublicAcls, blockPublicPolicy, ignorePublicAcls "
        "and restrictPublicBuckets.",
        severity="high",
        enforcement="mandatory",
        remediation="Set all four flags of the s3.BucketPublicAccessBlock to True.",
        controls=nist("ac-3", "sc-7")
        + fsbp("S3.8")
        + cis_aws("1.5.0", "2.1.5")
        + cis_aws("3.0.0", "2.1.4")
        + cis_aws("5.0.0", "2.1.4"),
        properties=SETTINGS,
    ),
    resource_types=frozenset({t.S3_PUBLIC_ACCESS_BLOCK}),
    check=check,
)

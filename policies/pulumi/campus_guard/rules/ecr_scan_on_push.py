"""CG-ECR-002: images are scanned on push."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import dig
from ..rule import ResourceRule, RuleMetadata, cis_eks, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if dig(args.props, "imageScanningConfiguration.scanOnPush") is not True:
        yield "imageScanningConfiguration.scanOnPush is not true"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-ECR-002",
        title="ECR repositories scan images on push",
        description="Every pushed image is scanned for known vulnerabilities.",
        severity="medium",
        enforcement="mandatory",
        remediation="Set image_scanning_configuration.scan_on_push=True on the ecr.Repository.",
        controls=nist("ra-5", "si-2") + fsbp("ECR.1") + cis_eks("5.1.1"),
        properties=("imageScanningConfiguration.scanOnPush",),
    ),
    resource_types=frozenset({t.ECR_REPOSITORY}),
    check=check,
)

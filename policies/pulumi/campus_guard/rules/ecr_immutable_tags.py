"""CG-ECR-001: image tags are immutable."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..rule import ResourceRule, RuleMetadata, fsbp, nist

IMMUTABLE = ("IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION")


def check(args: ResourceValidationArgs) -> Iterator[str]:
    mutability = args.props.get("imageTagMutability") or "MUTABLE"
    if mutability not in IMMUTABLE:
        yield f"imageTagMutability is {mutability!r}, must be 'IMMUTABLE'"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-ECR-001",
        title="ECR image tags are immutable",
        description="A pushed tag always names the same image, so deployments pinned by tag cannot be swapped.",
        severity="medium",
        enforcement="mandatory",
        remediation="Set image_tag_mutability='IMMUTABLE' on the ecr.Repository.",
        controls=nist("cm-2", "si-7", "sr-4") + fsbp("ECR.2"),
        properties=("imageTagMutability",),
    ),
    resource_types=frozenset({t.ECR_REPOSITORY}),
    check=check,
)

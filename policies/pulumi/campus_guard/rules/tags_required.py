"""CG-TAG-001: every taggable resource carries the campus tags."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import REQUIRED_TAGS, tags_of
from ..rule import ResourceRule, RuleMetadata, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    tags = tags_of(args.props)
    missing = [key for key in REQUIRED_TAGS if not tags.get(key)]
    if missing:
        yield f"tags lacks {', '.join(missing)}"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-TAG-001",
        title="Taggable resources carry the required tags",
        description="Every taggable AWS resource has the tags Project, Environment, Owner, CostCenter and "
        "DataClassification, so inventory, cost and data handling follow from the tags.",
        severity="low",
        enforcement="mandatory",
        remediation="Pass tags from campus's single tagging function (stack config) to the resource.",
        controls=nist("cm-8", "cm-8.1"),
        properties=tuple(f"tags.{key}" for key in REQUIRED_TAGS),
    ),
    resource_types=t.TAGGABLE,
    check=check,
)

"""CG-TAG-002: the Environment tag names a known environment."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import ENVIRONMENTS, environment_of
from ..rule import ResourceRule, RuleMetadata, nist


def tagged(props: Mapping[str, Any]) -> str | None:
    return None if environment_of(props) is not None else "no Environment tag (CG-TAG-001 reports it)"


def check(args: ResourceValidationArgs) -> Iterator[str]:
    environment = environment_of(args.props)
    if environment not in ENVIRONMENTS:
        yield f"tags.Environment is {environment!r}, must be one of {', '.join(ENVIRONMENTS)}"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-TAG-002",
        title="The Environment tag names a campus environment",
        description="tags.Environment is one of dev, staging, prod, learner-lab: environment-aware rules read it.",
        severity="medium",
        enforcement="mandatory",
        remediation="Set Environment from the stack config (dev|staging|prod|learner-lab).",
        controls=nist("cm-8", "cm-6"),
        properties=("tags.Environment",),
    ),
    resource_types=t.TAGGABLE,
    check=check,
    applies=tagged,
)

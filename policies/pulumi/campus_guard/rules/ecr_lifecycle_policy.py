"""CG-ECR-003: every repository has a lifecycle policy."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import StackValidationArgs

from .. import aws_types as t
from ..relations import of_type, referring
from ..rule import RuleMetadata, StackRule, fsbp, nist


def check(args: StackValidationArgs) -> Iterator[tuple[str, str]]:
    for repository in of_type(args.resources, t.ECR_REPOSITORY):
        if not referring(args.resources, t.ECR_LIFECYCLE_POLICY, "repository", repository):
            yield repository.urn, "no ecr.LifecyclePolicy's repository refers to this repository"


RULE = StackRule(
    meta=RuleMetadata(
        id="CG-ECR-003",
        title="ECR repositories expire old images",
        description="Each ECR repository has a lifecycle policy, so untagged and old images are expired.",
        severity="low",
        enforcement="advisory",
        remediation="Create an ecr.LifecyclePolicy with repository=<repository>.name.",
        controls=nist("cm-2", "si-12") + fsbp("ECR.3"),
        properties=("repository (of LifecyclePolicy)",),
    ),
    subject_types=frozenset({t.ECR_REPOSITORY}),
    check=check,
)

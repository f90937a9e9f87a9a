"""CG-STK-001: stateful resources are `protect`ed in prod."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import StackValidationArgs

from .. import aws_types as t
from ..props import only_prod
from ..rule import RuleMetadata, StackRule, nist


def check(args: StackValidationArgs) -> Iterator[tuple[str, str]]:
    for resource in args.resources:
        if RULE.is_subject(resource.resource_type, resource.props) and not resource.opts.protect:
            yield resource.urn, "resource option protect is false for a prod stateful resource"


RULE = StackRule(
    meta=RuleMetadata(
        id="CG-STK-001",
        title="Prod stateful resources are protected",
        description="In prod, Aurora clusters, DynamoDB tables, S3 buckets, MSK clusters and KMS keys carry "
        "the Pulumi protect option, so no update or destroy can delete them.",
        severity="high",
        enforcement="mandatory",
        remediation="Create the resource with opts=ResourceOptions(protect=True) when the stack config says prod.",
        controls=nist("cm-3", "cp-9"),
        properties=("opts.protect", "tags.Environment"),
    ),
    subject_types=t.STATEFUL,
    check=check,
    applies=only_prod,
)

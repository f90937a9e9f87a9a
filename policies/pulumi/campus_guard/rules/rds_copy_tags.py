"""CG-RDS-008: cluster snapshots carry the cluster's tags."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..rule import ResourceRule, RuleMetadata, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if args.props.get("copyTagsToSnapshot") is not True:
        yield f"copyTagsToSnapshot is {args.props.get('copyTagsToSnapshot')!r}, must be true"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-RDS-008",
        title="RDS clusters copy tags to snapshots",
        description="Snapshots inherit the cluster's tags (DataClassification, Owner), so they are "
        "inventoried and classified like their source.",
        severity="low",
        enforcement="advisory",
        remediation="Set copy_tags_to_snapshot=True on the rds.Cluster.",
        controls=nist("cm-8") + fsbp("RDS.16"),
        properties=("copyTagsToSnapshot",),
    ),
    resource_types=frozenset({t.RDS_CLUSTER}),
    check=check,
)

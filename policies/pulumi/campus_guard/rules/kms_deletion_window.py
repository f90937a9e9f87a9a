"""CG-KMS-002: KMS keys keep the longest deletion waiting period."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..rule import ResourceRule, RuleMetadata, fsbp, nist

MINIMUM_DAYS = 30


def check(args: ResourceValidationArgs) -> Iterator[str]:
    days = args.props.get("deletionWindowInDays")
    # Unset means AWS's default of 30 days.
    if days is not None and int(days) < MINIMUM_DAYS:
        yield f"deletionWindowInDays is {int(days)}, must be {MINIMUM_DAYS} (or unset)"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-KMS-002",
        title="KMS keys wait 30 days before deletion",
        description="A scheduled key deletion can be cancelled for 30 days; data encrypted under a deleted "
        "key is lost for good.",
        severity="medium",
        enforcement="advisory",
        remediation="Leave deletion_window_in_days unset or set it to 30 on the kms.Key.",
        controls=nist("sc-12", "cp-9") + fsbp("KMS.3"),
        properties=("deletionWindowInDays",),
    ),
    resource_types=frozenset({t.KMS_KEY}),
    check=check,
)

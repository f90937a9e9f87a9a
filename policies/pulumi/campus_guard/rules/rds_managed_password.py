"""CG-RDS-006: the master password is managed by AWS Secrets Manager."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..rule import ResourceRule, RuleMetadata, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if args.props.get("masterPassword") is not None:
        yield "masterPassword is set in the program: the password lives in state and config"
    if args.props.get("manageMasterUserPassword") is not True:
        yield f"manageMasterUserPassword is {args.props.get('manageMasterUserPassword')!r}, must be true"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-RDS-006",
        title="RDS master passwords are managed by Secrets Manager",
        description="The cluster's master password is generated and rotated by RDS in Secrets Manager, "
        "never passed in as an input.",
        severity="high",
        enforcement="mandatory",
        remediation="Set manage_master_user_password=True and remove master_password from the rds.Cluster.",
        controls=nist("ia-5", "ia-5.7", "sc-28"),
        properties=("manageMasterUserPassword", "masterPassword"),
    ),
    resource_types=frozenset({t.RDS_CLUSTER}),
    check=check,
)

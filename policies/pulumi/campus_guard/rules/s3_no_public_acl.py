"""CG-S3-010: buckets are not created with a public canned ACL."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..rule import ResourceRule, RuleMetadata, fsbp, nist

PUBLIC_ACLS = ("public-read", "public-read-write", "authenticated-read")


def check(args: ResourceValidationArgs) -> Iterator[str]:
    acl = args.props.get("acl")
    if acl in PUBLIC_ACLS:
        yield f"acl is {acl!r}, a canned ACL that grants access outside the account"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-S3-010",
        title="S3 buckets have no public canned ACL",
        description="A bucket's canned ACL grants nothing to AllUsers or AuthenticatedUsers.",
        severity="critical",
        enforcement="mandatory",
        remediation="Remove the acl input (ACLs stay disabled) or set it to 'private'.",
        controls=nist("ac-3", "ac-4") + fsbp("S3.2", "S3.3"),
        properties=("acl",),
    ),
    resource_types=frozenset({t.S3_BUCKET}),
    check=check,
)

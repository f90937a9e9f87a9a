"""CG-EC2-001: instances require IMDSv2."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import dig
from ..rule import ResourceRule, RuleMetadata, cis_aws, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    tokens = dig(args.props, "metadataOptions.httpTokens")
    if tokens != "required":
        yield f"metadataOptions.httpTokens is {tokens!r}, must be 'required'"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-EC2-001",
        title="EC2 instances require IMDSv2",
        description="EC2 instances accept only session-token (IMDSv2) requests to the instance metadata service.",
        severity="high",
        enforcement="mandatory",
        remediation="Set metadata_options.http_tokens='required' on the ec2.Instance.",
        controls=nist("ac-3", "cm-6") + fsbp("EC2.8") + cis_aws("3.0.0", "5.6") + cis_aws("5.0.0", "5.7"),
        properties=("metadataOptions.httpTokens",),
    ),
    resource_types=frozenset({t.EC2_INSTANCE}),
    check=check,
)

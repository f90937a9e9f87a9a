"""CG-EC2-002: launch templates require IMDSv2."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..props import dig
from ..rule import ResourceRule, RuleMetadata, fsbp, nist

MAX_HOP_LIMIT = 2


def check(args: ResourceValidationArgs) -> Iterator[str]:
    tokens = dig(args.props, "metadataOptions.httpTokens")
    if tokens != "required":
        yield f"metadataOptions.httpTokens is {tokens!r}, must be 'required'"
    hops = dig(args.props, "metadataOptions.httpPutResponseHopLimit")
    if hops is not None and int(hops) > MAX_HOP_LIMIT:
        yield f"metadataOptions.httpPutResponseHopLimit is {int(hops)}, must be at most {MAX_HOP_LIMIT}"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-EC2-002",
        title="EC2 launch templates require IMDSv2",
        description="Launch templates require IMDSv2 tokens and keep the token hop limit at 2 or less.",
        severity="high",
        enforcement="mandatory",
        remediation="Set metadata_options={'http_tokens': 'required', 'http_put_response_hop_limit': 1} on "
        "the ec2.LaunchTemplate (2 only where pods need node credentials).",
        controls=nist("ac-3", "cm-6") + fsbp("EC2.170"),
        properties=("metadataOptions.httpTokens", "metadataOptions.httpPutResponseHopLimit"),
    ),
    resource_types=frozenset({t.EC2_LAUNCH_TEMPLATE}),
    check=check,
)

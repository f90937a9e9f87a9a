"""CG-EKS-004: node groups launch from templates that require IMDSv2."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import StackValidationArgs

from .. import aws_types as t
from ..props import dig
from ..relations import of_type, referred
from ..rule import RuleMetadata, StackRule, fsbp, nist


def check(args: StackValidationArgs) -> Iterator[tuple[str, str]]:
    for node_group in of_type(args.resources, t.EKS_NODE_GROUP):
        templates = referred(args.resources, node_group, "launchTemplate", t.EC2_LAUNCH_TEMPLATE)
        if not templates:
            yield (
                node_group.urn,
                "launchTemplate names no LaunchTemplate of this stack (EKS default allows IMDSv1)",
            )
        for template in templates:
            tokens = dig(template.props, "metadataOptions.httpTokens")
            if tokens != "required":
                yield (
                    node_group.urn,
                    f"{template.name}: metadataOptions.httpTokens is {tokens!r}, must be 'required'",
                )


RULE = StackRule(
    meta=RuleMetadata(
        id="CG-EKS-004",
        title="EKS nodes require IMDSv2",
        description="Every EKS node group launches from a campus launch template whose metadata options "
        "require IMDSv2 session tokens.",
        severity="high",
        enforcement="mandatory",
        remediation="Give the eks.NodeGroup launch_template={'id': <template>.id, 'version': ...} with "
        "metadata_options.http_tokens='required' and http_put_response_hop_limit=1 or 2.",
        controls=nist("ac-3", "cm-6") + fsbp("EC2.170"),
        properties=("launchTemplate (of NodeGroup)", "metadataOptions.httpTokens (of LaunchTemplate)"),
    ),
    subject_types=frozenset({t.EKS_NODE_GROUP}),
    check=check,
)

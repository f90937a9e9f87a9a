"""CG-S3-006: bucket policies deny requests that do not use TLS."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..buckets import denies_insecure_transport
from ..rule import ResourceRule, RuleMetadata, cis_aws, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if not denies_insecure_transport(args.props.get("policy")):
        yield "policy has no Deny statement for s3 actions with Condition Bool aws:SecureTransport = false"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-S3-006",
        title="S3 bucket policies require TLS",
        description="A bucket policy denies every S3 request made without TLS (aws:SecureTransport false).",
        severity="high",
        enforcement="mandatory",
        remediation="Add a statement Effect=Deny, Principal='*', Action='s3:*', Resource=[bucket ARN, "
        "bucket ARN/*], Condition={'Bool': {'aws:SecureTransport': 'false'}} to the bucket policy.",
        controls=nist("sc-8", "sc-8.1")
        + fsbp("S3.5")
        + cis_aws("1.5.0", "2.1.2")
        + cis_aws("3.0.0", "2.1.1")
        + cis_aws("5.0.0", "2.1.1"),
        properties=("policy",),
    ),
    resource_types=frozenset({t.S3_POLICY}),
    check=check,
)

"""Buckets and the configuration resources that pulumi-aws 7 keeps beside them."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import PolicyResource, StackValidationArgs

from . import aws_types as t
from .iam_documents import statements
from .relations import of_type, referring, refers_to


def buckets(args: StackValidationArgs) -> list[PolicyResource]:
    return of_type(args.resources, t.S3_BUCKET)


def configurations(args: StackValidationArgs, bucket: PolicyResource, config_type: str) -> list[PolicyResource]:
    """The `config_type` resources whose `bucket` input is this bucket."""
    return referring(args.resources, config_type, "bucket", bucket)


def buckets_without(args: StackValidationArgs, config_type: str) -> Iterator[tuple[str, str]]:
    for bucket in buckets(args):
        if not configurations(args, bucket, config_type):
            yield bucket.urn, f"no {config_type.rsplit(':', 1)[-1]} has this bucket as its bucket input"


def is_log_target(args: StackValidationArgs, bucket: PolicyResource) -> bool:
    """Whether another bucket's server access logs are delivered into this bucket."""
    return any(refers_to(logging, "targetBucket", bucket) for logging in of_type(args.resources, t.S3_LOGGING))


def denies_insecure_transport(policy_document: object) -> bool:
    for statement in statements(policy_document):
        if statement.effect != "Deny" or not statement.grants("s3:GetObject"):
            continue
        secure_transport = {
            value.lower()
            for key, values in statement.conditions.get("Bool", {}).items()
            if key.lower() == "aws:securetransport"
            for value in values
        }
        if "false" in secure_transport:
            return True
    return False

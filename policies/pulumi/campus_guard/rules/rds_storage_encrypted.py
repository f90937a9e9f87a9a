"""CG-RDS-001: Aurora/RDS clusters encrypt storage with a KMS key."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs

from .. import aws_types as t
from ..rule import ResourceRule, RuleMetadata, cis_aws, fsbp, nist


def check(args: ResourceValidationArgs) -> Iterator[str]:
    if args.props.get("storageEncrypted") is not True:
        yield f"storageEncrypted is {args.props.get('storageEncrypted')!r}, must be true"
    elif not args.props.get("kmsKeyId"):
        yield "kmsKeyId is not set: storage is encrypted with the AWS managed key, not the campus key"


RULE = ResourceRule(
    meta=RuleMetadata(
        id="CG-RDS-001",
        title="RDS clusters encrypt storage with the campus KMS key",
        description="Aurora/RDS cluster storage, snapshots and backups are encrypted with a customer managed key.",
        severity="high",
        enforcement="mandatory",
        remediation="Set storage_encrypted=True and kms_key_id=<campus key ARN> on the rds.Cluster.",
        controls=nist("sc-28", "sc-28.1") + fsbp("RDS.27") + cis_aws("3.0.0", "2.3.1"),
        properties=("storageEncrypted", "kmsKeyId"),
    ),
    resource_types=frozenset({t.RDS_CLUSTER}),
    check=check,
)

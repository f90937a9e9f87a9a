"""S3 buckets: SSE-KMS, versioning, public access block, owner-enforced, TLS-only policy, lifecycle, access logging."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from campus.config.model import BucketConfig, StorageConfig
from modules.policy_documents import document, statement, to_json

ACCESS_LOGS = "access-logs"


@dataclass(frozen=True)
class StorageArgs:
    name_prefix: str
    config: StorageConfig
    account_id: pulumi.Input[str]
    region: str
    kms_key_arn: pulumi.Input[str]
    protect: bool
    tags: dict[str, str]


class Storage(pulumi.ComponentResource):
    buckets: dict[str, aws.s3.Bucket]

    def __init__(self, name: str, args: StorageArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("campus:storage:Storage", name, None, opts)
        self._name = name
        self._args = args
        self.buckets = {}
        # The log bucket first: every other bucket logs into it.
        logs = self._bucket(ACCESS_LOGS, args.config.buckets[ACCESS_LOGS], log_target=None)
        for key, bucket_cfg in sorted(args.config.buckets.items()):
            if key != ACCESS_LOGS:
                self._bucket(key, bucket_cfg, log_target=logs)
        self.register_outputs({f"{k}Bucket": b.bucket for k, b in self.buckets.items()})

    def _bucket(self, key: str, cfg: BucketConfig, log_target: aws.s3.Bucket | None) -> aws.s3.Bucket:
        args, name = self._args, f"{self._name}-{key}"
        child = pulumi.ResourceOptions(parent=self)
        bucket = aws.s3.Bucket(
            name,
            bucket=pulumi.Output.concat(args.name_prefix, "-", key, "-", args.account_id, "-", args.region),
            force_destroy=args.config.force_destroy,
            tags={**args.tags, "Name": f"{args.name_prefix}-{key}", "Purpose": cfg.purpose,
                  "DataClassification": cfg.data_classification},
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect))
        self.buckets[key] = bucket
        aws.s3.BucketOwnershipControls(
            f"{name}-ownership", bucket=bucket.id,
            rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership="BucketOwnerEnforced"), opts=child)
        aws.s3.BucketPublicAccessBlock(
            f"{name}-public-access-block", bucket=bucket.id, block_public_acls=True, block_public_policy=True,
            ignore_public_acls=True, restrict_public_buckets=True, opts=child)
        # A customer-managed key works for the access-log target too: its key policy admits logging.s3.amazonaws.com.
        aws.s3.BucketServerSideEncryptionConfiguration(
            f"{name}-encryption", bucket=bucket.id,
            rules=[aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
                apply_server_side_encryption_by_default=aws.s3.
                BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
                    sse_algorithm="aws:kms", kms_master_key_id=args.kms_key_arn),
                bucket_key_enabled=True)],
            opts=child)
        aws.s3.BucketVersioning(
            f"{name}-versioning", bucket=bucket.id,
            versioning_configuration=aws.s3.BucketVersioningVersioningConfigurationArgs(status="Enabled"), opts=child)
        aws.s3.BucketPolicy(f"{name}-policy", bucket=bucket.id, policy=to_json(self._policy(bucket, log_target)),
                            opts=child)
        aws.s3.BucketLifecycleConfiguration(f"{name}-lifecycle", bucket=bucket.id, rules=[self._lifecycle(cfg)],
                                            opts=child)
        if log_target is not None:
            aws.s3.BucketLogging(f"{name}-logging", bucket=bucket.id, target_bucket=log_target.id,
                                 target_prefix=f"{key}/", opts=child)
        return bucket

    def _policy(self, bucket: aws.s3.Bucket, log_target: aws.s3.Bucket | None) -> dict[str, object]:
        objects = pulumi.Output.concat(bucket.arn, "/*")
        statements = [
            statement("Deny", ["s3:*"], [bucket.arn, objects], sid="DenyInsecureTransport", principal={"AWS": "*"},
                      condition={"Bool": {"aws:SecureTransport": "false"}}),
            statement("Deny", ["s3:*"], [bucket.arn, objects], sid="DenyOutdatedTls", principal={"AWS": "*"},
                      condition={"NumericLessThan": {"s3:TlsVersion": "1.2"}}),
        ]
        if log_target is None:
            statements.append(statement(
                "Allow", ["s3:PutObject"], objects, sid="S3ServerAccessLogsDelivery",
                principal={"Service": "logging.s3.amazonaws.com"},
                condition={"StringEquals": {"aws:SourceAccount": self._args.account_id}}))
        return document(*statements)

    @staticmethod
    def _lifecycle(cfg: BucketConfig) -> aws.s3.BucketLifecycleConfigurationRuleArgs:
        Rule = aws.s3
        return Rule.BucketLifecycleConfigurationRuleArgs(
            id="retention",
            status="Enabled",
            filter=Rule.BucketLifecycleConfigurationRuleFilterArgs(prefix=""),
            abort_incomplete_multipart_upload=Rule.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs(
                days_after_initiation=7),
            noncurrent_version_expiration=Rule.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs(
                noncurrent_days=cfg.noncurrent_version_expire_days),
            transitions=[Rule.BucketLifecycleConfigurationRuleTransitionArgs(
                days=cfg.transition_to_ia_days, storage_class="STANDARD_IA")] if cfg.transition_to_ia_days else None,
            expiration=Rule.BucketLifecycleConfigurationRuleExpirationArgs(days=cfg.expire_days)
            if cfg.expire_days else None,
        )

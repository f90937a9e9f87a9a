"""Customer-managed KMS keys, one per data domain, with rotation, an alias and a key policy."""

from __future__ import annotations

from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from modules.policy_documents import document, statement, to_json

# Which AWS services may use each domain's key on the account's behalf.
_SERVICE_PRINCIPALS: dict[str, list[str]] = {
    "logs": ["logs.{region}.amazonaws.com", "delivery.logs.amazonaws.com"],
    "storage": ["s3.amazonaws.com", "logging.s3.amazonaws.com"],
    "database": ["rds.amazonaws.com", "dynamodb.amazonaws.com", "secretsmanager.amazonaws.com"],
    "streaming": ["kafka.amazonaws.com"],
    "cluster": ["eks.amazonaws.com"],
}


@dataclass(frozen=True)
class EncryptionArgs:
    name_prefix: str
    domains: list[str]
    account_id: pulumi.Input[str]
    region: str
    deletion_window_days: int
    protect: bool
    tags: dict[str, str]
    admin_role_arns: list[str] = field(default_factory=list)


class Encryption(pulumi.ComponentResource):
    keys: dict[str, aws.kms.Key]

    def __init__(self, name: str, args: EncryptionArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("campus:encryption:Encryption", name, None, opts)
        self.keys = {}
        for domain in args.domains:
            key = aws.kms.Key(
                f"{name}-{domain}",
                description=f"{args.name_prefix} {domain} data key",
                enable_key_rotation=True,
                rotation_period_in_days=365,
                deletion_window_in_days=args.deletion_window_days,
                key_usage="ENCRYPT_DECRYPT",
                customer_master_key_spec="SYMMETRIC_DEFAULT",
                policy=to_json(_key_policy(domain, args)),
                tags={**args.tags, "Name": f"{args.name_prefix}-{domain}", "DataDomain": domain},
                opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
            )
            aws.kms.Alias(
                f"{name}-{domain}-alias",
                name=f"alias/{args.name_prefix}-{domain}",
                target_key_id=key.key_id,
                opts=pulumi.ResourceOptions(parent=self),
            )
            self.keys[domain] = key
        self.register_outputs({f"{d}KeyArn": k.arn for d, k in self.keys.items()})

    def arn(self, domain: str) -> pulumi.Output[str]:
        return self.keys[domain].arn


def _key_policy(domain: str, args: EncryptionArgs) -> dict[str, object]:
    root = pulumi.Output.concat("arn:aws:iam::", args.account_id, ":root")
    statements = [
        # Without this statement IAM policies cannot grant use of the key and the key becomes unmanageable.
        statement("Allow", ["kms:*"], "*", sid="AccountRootManagesKey", principal={"AWS": root}),
    ]
    if args.admin_role_arns:
        statements.append(statement(
            "Allow",
            ["kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*",
             "kms:Get*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"],
            "*", sid="KeyAdministrators", principal={"AWS": args.admin_role_arns}))
    services = [p.format(region=args.region) for p in _SERVICE_PRINCIPALS.get(domain, [])]
    if services:
        statements.append(statement(
            "Allow", ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
            "*", sid="ServicesUseKeyForThisAccount", principal={"Service": services},
            condition={"StringEquals": {"aws:SourceAccount": args.account_id}}))
    return document(*statements)

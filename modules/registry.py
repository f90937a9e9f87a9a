"""ECR: one repository per application service — immutable tags, scan on push, KMS, lifecycle policy."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from campus.config.tiers import RegistryConfig


@dataclass(frozen=True)
class RegistryArgs:
    services: list[str]
    config: RegistryConfig
    kms_key_arn: pulumi.Input[str]
    protect: bool
    tags: dict[str, str]


def lifecycle_policy(cfg: RegistryConfig) -> str:
    return json.dumps({"rules": [
        {"rulePriority": 1, "description": f"expire untagged images after {cfg.untagged_expire_days} days",
         "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days",
                       "countNumber": cfg.untagged_expire_days},
         "action": {"type": "expire"}},
        {"rulePriority": 2, "description": f"keep the last {cfg.keep_tagged_images} images",
         "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": cfg.keep_tagged_images},
         "action": {"type": "expire"}},
    ]}, separators=(",", ":"))


class Registry(pulumi.ComponentResource):
    repositories: dict[str, aws.ecr.Repository]

    def __init__(self, name: str, args: RegistryArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("campus:registry:Registry", name, None, opts)
        self.repositories = {}
        policy = lifecycle_policy(args.config)
        for service in sorted(args.services):
            repo = aws.ecr.Repository(
                f"{name}-{service}",
                name=f"campus/{service}",
                image_tag_mutability="IMMUTABLE",
                image_scanning_configuration=aws.ecr.RepositoryImageScanningConfigurationArgs(scan_on_push=True),
                encryption_configurations=[aws.ecr.RepositoryEncryptionConfigurationArgs(
                    encryption_type="KMS", kms_key=args.kms_key_arn)],
                force_delete=not args.protect,
                tags={**args.tags, "Name": f"campus/{service}", "Service": service},
                opts=pulumi.ResourceOptions(parent=self, protect=args.protect))
            aws.ecr.LifecyclePolicy(f"{name}-{service}", repository=repo.name, policy=policy,
                                    opts=pulumi.ResourceOptions(parent=self))
            self.repositories[service] = repo
        self.register_outputs({s: r.repository_url for s, r in self.repositories.items()})

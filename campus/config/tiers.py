"""Typed config of the compute, streaming, database, AI, registry and GitOps tiers, and the Learner Lab host."""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import Field, field_validator, model_validator

from campus.config.base import Number, Strict, Whole

GRAVITON_FAMILIES = ("m7g", "m6g", "c7g", "c6g", "r7g", "r6g", "t4g")
EKS_ADDONS = ("vpc-cni", "coredns", "kube-proxy", "aws-ebs-csi-driver", "eks-pod-identity-agent")


class NodeGroupConfig(Strict):
    instance_types: list[str] = Field(alias="instanceTypes", min_length=1)
    min_size: Whole = Field(alias="minSize", ge=0)
    desired_size: Whole = Field(alias="desiredSize", ge=0)
    max_size: Whole = Field(alias="maxSize", ge=1)
    disk_gb: Whole = Field(alias="diskGb", ge=20, le=1000)

    @model_validator(mode="after")
    def _sizes_ordered(self) -> NodeGroupConfig:
        if not self.min_size <= self.desired_size <= self.max_size:
            raise ValueError("minSize ≤ desiredSize ≤ maxSize")
        families = {t.split(".")[0] for t in self.instance_types}
        graviton = {f in GRAVITON_FAMILIES for f in families}
        if len(graviton) > 1:
            raise ValueError("instanceTypes mixes Graviton (arm64) and x86 types")
        return self

    @property
    def graviton(self) -> bool:
        return self.instance_types[0].split(".")[0] in GRAVITON_FAMILIES


class ClusterConfig(Strict):
    version: str = Field(pattern=r"^1\.\d{2}$")
    endpoint_public_access: bool = Field(alias="endpointPublicAccess")
    public_access_cidrs: list[str] = Field(default_factory=list, alias="publicAccessCidrs")
    admin_role_arns: list[str] = Field(default_factory=list, alias="adminRoleArns")
    system_nodes: NodeGroupConfig = Field(alias="systemNodes")
    app_nodes: NodeGroupConfig = Field(alias="appNodes")
    addons: dict[str, str]

    @field_validator("public_access_cidrs")
    @classmethod
    def _no_open_world(cls, value: list[str]) -> list[str]:
        for cidr in value:
            net = ipaddress.ip_network(cidr, strict=True)
            if net.prefixlen == 0:
                raise ValueError(f"{cidr} opens the API to the whole internet; list specific CIDRs")
        return value

    @field_validator("admin_role_arns")
    @classmethod
    def _role_arns(cls, value: list[str]) -> list[str]:
        for arn in value:
            if not arn.startswith("arn:aws:iam::") or ":role/" not in arn:
                raise ValueError(f"{arn} is not an IAM role ARN")
        return value

    @field_validator("addons")
    @classmethod
    def _all_addons_pinned(cls, value: dict[str, str]) -> dict[str, str]:
        missing = sorted(set(EKS_ADDONS) - set(value))
        if missing:
            raise ValueError(f"add-on versions missing: {', '.join(missing)}")
        unknown = sorted(set(value) - set(EKS_ADDONS))
        if unknown:
            raise ValueError(f"unknown add-ons: {', '.join(unknown)}")
        for name, version in value.items():
            if not version.startswith("v") or "eksbuild" not in version:
                raise ValueError(f"{name}: pin an exact add-on version like v1.2.3-eksbuild.1")
        return value

    @model_validator(mode="after")
    def _public_access_is_listed(self) -> ClusterConfig:
        if self.endpoint_public_access and not self.public_access_cidrs:
            raise ValueError("publicAccessCidrs: a public endpoint needs the CIDRs allowed to reach it")
        return self


class KafkaConfig(Strict):
    version: str = Field(pattern=r"^\d+\.\d+\.[\dx]+(\.tiered)?$")
    brokers: Whole = Field(ge=1, le=30)
    instance_type: str = Field(alias="instanceType", pattern=r"^kafka\.")
    volume_gb: Whole = Field(alias="volumeGb", ge=1, le=16384)
    max_volume_gb: Whole = Field(alias="maxVolumeGb", ge=1, le=16384)
    enhanced_monitoring: Literal["DEFAULT", "PER_BROKER", "PER_TOPIC_PER_BROKER", "PER_TOPIC_PER_PARTITION"] = Field(
        alias="enhancedMonitoring")

    @model_validator(mode="after")
    def _autoscaling_above_start(self) -> KafkaConfig:
        if self.max_volume_gb < self.volume_gb:
            raise ValueError("maxVolumeGb must be at least volumeGb")
        return self


class DatabaseConfig(Strict):
    engine_version: str = Field(alias="engineVersion", pattern=r"^\d+\.\d+$")
    database_name: str = Field(alias="databaseName", pattern=r"^[a-z][a-z0-9_]{0,62}$")
    min_acu: Number = Field(alias="minAcu", ge=0, le=256)
    max_acu: Number = Field(alias="maxAcu", ge=1, le=256)
    instances: Whole = Field(ge=1, le=15)
    backup_retention_days: Whole = Field(alias="backupRetentionDays", ge=1, le=35)
    deletion_protection: bool = Field(alias="deletionProtection")
    performance_insights_retention_days: Whole = Field(alias="performanceInsightsRetentionDays", ge=7)

    @model_validator(mode="after")
    def _acu_ordered(self) -> DatabaseConfig:
        if self.min_acu > self.max_acu:
            raise ValueError("minAcu must not exceed maxAcu")
        if self.min_acu * 2 != int(self.min_acu * 2) or self.max_acu * 2 != int(self.max_acu * 2):
            raise ValueError("ACUs come in steps of 0.5")
        return self


class BedrockConfig(Strict):
    enabled: bool
    models: dict[str, str] = Field(default_factory=dict)
    interface_endpoint: bool = Field(default=False, alias="interfaceEndpoint")

    @model_validator(mode="after")
    def _models_when_enabled(self) -> BedrockConfig:
        if self.enabled and not self.models:
            raise ValueError("models: an enabled Bedrock needs the model ids it may invoke")
        return self


class RegistryConfig(Strict):
    untagged_expire_days: Whole = Field(alias="untaggedExpireDays", ge=1)
    keep_tagged_images: Whole = Field(alias="keepTaggedImages", ge=1)


class GitOpsConfig(Strict):
    repo_url: str = Field(alias="repoUrl", pattern=r"^https://")
    revision: str
    argocd_chart_version: str = Field(alias="argocdChartVersion", pattern=r"^\d+\.\d+\.\d+$")


class LearnerLabConfig(Strict):
    instance_type: str = Field(alias="instanceType")
    volume_gb: Whole = Field(alias="volumeGb", ge=20, le=100)
    key_name: str = Field(alias="keyName", min_length=1)
    admin_cidr: str = Field(alias="adminCidr")
    course_ports: list[Whole] = Field(alias="coursePorts")
    elastic_ip: bool = Field(alias="elasticIp")
    instance_profile_name: str = Field(alias="instanceProfileName", min_length=1)
    ami_owner: str = Field(alias="amiOwner", pattern=r"^\d{12}$")
    ami_name_pattern: str = Field(alias="amiNamePattern")
    ssh_user: str = Field(alias="sshUser")

    @field_validator("instance_type")
    @classmethod
    def _lab_sized(cls, value: str) -> str:
        from campus.config.model import LEARNER_LAB_INSTANCE_TYPES

        if value not in LEARNER_LAB_INSTANCE_TYPES:
            raise ValueError(f"Learner Lab allows nano…large only ({', '.join(LEARNER_LAB_INSTANCE_TYPES)})")
        return value

    @field_validator("admin_cidr")
    @classmethod
    def _admin_cidr(cls, value: str) -> str:
        net = ipaddress.ip_network(value, strict=True)
        if net.prefixlen == 0:
            raise ValueError("SSH must not be open to the whole internet; give your own address/32")
        return value

    @field_validator("course_ports")
    @classmethod
    def _ports(cls, value: list[int]) -> list[int]:
        for port in value:
            if not 1 <= port <= 65535:
                raise ValueError(f"{port} is not a TCP port")
            if port == 22:
                raise ValueError("22 is the admin SSH port; it is opened to adminCidr only")
        return value

"""The typed stack configuration. Field aliases are the camelCase keys of the stack files (`campus:<key>`)."""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import Field, field_validator, model_validator

from campus.config.base import Strict, Whole
from campus.config.tiers import (
    BedrockConfig,
    ClusterConfig,
    DatabaseConfig,
    GitOpsConfig,
    KafkaConfig,
    LearnerLabConfig,
    RegistryConfig,
)

Environment = Literal["dev", "staging", "prod", "learner-lab"]
ALLOWED_REGIONS = ("us-east-1", "us-east-2", "us-west-2")
LEARNER_LAB_REGIONS = ("us-east-1", "us-west-2")
LEARNER_LAB_INSTANCE_TYPES = (
    "t3.nano", "t3.micro", "t3.small", "t3.medium", "t3.large",
    "t3a.nano", "t3a.micro", "t3a.small", "t3a.medium", "t3a.large",
)
TABLE_NAMES = ("chat-sessions", "users", "notifications", "collaboration", "leaderboards")
BUCKET_NAMES = ("vector-store", "documents", "audio", "quiz-assets", "access-logs")


class SubnetLayout(Strict):
    public: list[str]
    private: list[str]
    isolated: list[str]

    @field_validator("public", "private", "isolated")
    @classmethod
    def _ipv4_blocks(cls, value: list[str]) -> list[str]:
        # The VPC is IPv4 only (see NetworkConfig.cidr); an IPv6 block could not be compared with it at all.
        for block in value:
            if ipaddress.ip_network(block, strict=True).version != 4:
                raise ValueError(f"{block} is not an IPv4 block (the VPC is IPv4 only)")
        return value


class NetworkConfig(Strict):
    cidr: str
    availability_zones: list[str] = Field(alias="availabilityZones", min_length=1, max_length=6)
    nat_gateways: Literal["single", "perAz"] = Field(alias="natGateways")
    subnets: SubnetLayout | None = None
    interface_endpoints: list[str] = Field(default_factory=list, alias="interfaceEndpoints")
    flow_log_retention_days: Whole = Field(alias="flowLogRetentionDays", ge=1, le=3653)

    @field_validator("cidr")
    @classmethod
    def _vpc_cidr(cls, value: str) -> str:
        net = ipaddress.ip_network(value, strict=True)
        if net.version != 4 or not 16 <= net.prefixlen <= 20:
            raise ValueError("the VPC CIDR must be an IPv4 block from /16 to /20")
        if not net.is_private:
            raise ValueError("the VPC CIDR must be a private (RFC 1918) block")
        return value

    @field_validator("availability_zones")
    @classmethod
    def _unique_azs(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("availability zones must be distinct")
        return value

    def layout(self) -> SubnetLayout:
        """The explicit layout, or one carved from the VPC CIDR: big private subnets, small public and isolated."""
        if self.subnets is not None:
            return self.subnets
        vpc = ipaddress.IPv4Network(self.cidr)
        n = len(self.availability_zones)
        private = list(vpc.subnets(new_prefix=vpc.prefixlen + 3))[:n]
        rest = list(vpc.subnets(new_prefix=vpc.prefixlen + 3))[n]
        small = list(rest.subnets(new_prefix=min(rest.prefixlen + 4, 28)))
        return SubnetLayout(
            public=[str(s) for s in small[:n]],
            isolated=[str(s) for s in small[8 : 8 + n]],
            private=[str(s) for s in private],
        )

    @model_validator(mode="after")
    def _subnets_fit(self) -> NetworkConfig:
        vpc = ipaddress.ip_network(self.cidr)
        n = len(self.availability_zones)
        if self.subnets is None and n > 6:
            raise ValueError("at most 6 availability zones")
        layout = self.layout()
        seen: list[tuple[str, ipaddress.IPv4Network | ipaddress.IPv6Network]] = []
        for tier in ("public", "private", "isolated"):
            blocks = getattr(layout, tier)
            if len(blocks) != n:
                raise ValueError(f"subnets.{tier} needs one CIDR per availability zone ({n})")
            for block in blocks:
                net = ipaddress.ip_network(block, strict=True)
                if not net.subnet_of(vpc):  # type: ignore[arg-type]
                    raise ValueError(f"subnets.{tier} {block} is outside the VPC CIDR {self.cidr}")
                for other_name, other in seen:
                    if net.overlaps(other):
                        raise ValueError(f"subnets.{tier} {block} overlaps {other_name} {other}")
                seen.append((f"subnets.{tier}", net))
        return self


class BucketConfig(Strict):
    purpose: str
    transition_to_ia_days: Whole | None = Field(default=None, alias="transitionToIaDays", ge=30)
    expire_days: Whole | None = Field(default=None, alias="expireDays", ge=1)
    noncurrent_version_expire_days: Whole = Field(alias="noncurrentVersionExpireDays", ge=1)
    data_classification: Literal["public", "internal", "confidential", "restricted"] = Field(
        alias="dataClassification")


class StorageConfig(Strict):
    buckets: dict[str, BucketConfig]
    force_destroy: bool = Field(alias="forceDestroy")

    @field_validator("buckets")
    @classmethod
    def _known_buckets(cls, value: dict[str, BucketConfig]) -> dict[str, BucketConfig]:
        missing = sorted(set(BUCKET_NAMES) - set(value))
        if missing:
            raise ValueError(f"buckets missing: {', '.join(missing)}")
        if "access-logs" not in value:
            raise ValueError("an access-logs bucket is required")
        return value


class TableConfig(Strict):
    hash_key: str = Field(alias="hashKey")
    range_key: str | None = Field(default=None, alias="rangeKey")
    ttl_attribute: str | None = Field(default=None, alias="ttlAttribute")
    stream: bool = False
    data_classification: Literal["internal", "confidential", "restricted"] = Field(alias="dataClassification")


class TablesConfig(Strict):
    tables: dict[str, TableConfig]
    deletion_protection: bool = Field(alias="deletionProtection")

    @field_validator("tables")
    @classmethod
    def _known_tables(cls, value: dict[str, TableConfig]) -> dict[str, TableConfig]:
        missing = sorted(set(TABLE_NAMES) - set(value))
        if missing:
            raise ValueError(f"tables missing: {', '.join(missing)}")
        return value


class EncryptionConfig(Strict):
    domains: list[str] = Field(min_length=1)
    deletion_window_days: Whole = Field(alias="deletionWindowDays", ge=7, le=30)
    admin_role_names: list[str] = Field(default_factory=list, alias="adminRoleNames")


class StackConfig(Strict):
    """Everything a stack program needs, validated before any resource is declared."""

    stack: str
    environment: Environment
    region: str
    account_id: str | None = Field(default=None, alias="accountId", pattern=r"^\d{12}$")
    owner: str = Field(min_length=1)
    cost_center: str = Field(alias="costCenter", min_length=1)
    data_classification: Literal["internal", "confidential", "restricted"] = Field(alias="dataClassification")
    protect_stateful: bool = Field(alias="protectStateful")
    log_retention_days: Whole = Field(alias="logRetentionDays", ge=1, le=3653)
    network: NetworkConfig | None = None
    encryption: EncryptionConfig
    storage: StorageConfig
    tables: TablesConfig
    cluster: ClusterConfig | None = None
    kafka: KafkaConfig | None = None
    database: DatabaseConfig | None = None
    bedrock: BedrockConfig
    registry: RegistryConfig
    gitops: GitOpsConfig
    learner_lab: LearnerLabConfig | None = Field(default=None, alias="learnerLab")

    @model_validator(mode="after")
    def _environment_rules(self) -> StackConfig:
        if self.environment == "learner-lab":
            if self.region not in LEARNER_LAB_REGIONS:
                raise ValueError(f"aws:region: Learner Lab offers only {', '.join(LEARNER_LAB_REGIONS)}")
            for key in ("network", "cluster", "kafka", "database"):
                if getattr(self, key) is not None:
                    raise ValueError(f"{key}: Learner Lab runs single-node on one host (no {key} tier)")
            if self.bedrock.enabled:
                raise ValueError("bedrock.enabled: Learner Lab accounts have no Bedrock")
            if self.learner_lab is None:
                raise ValueError("learnerLab: required for the learner-lab stack")
        else:
            if self.region not in ALLOWED_REGIONS:
                raise ValueError(f"aws:region: {self.region} is not an allowed region ({', '.join(ALLOWED_REGIONS)})")
            for key in ("network", "cluster", "kafka", "database"):
                if getattr(self, key) is None:
                    raise ValueError(f"{key}: required outside learner-lab")
            if self.learner_lab is not None:
                raise ValueError("learnerLab: only the learner-lab stack has a lab host")
            assert self.network is not None
            for az in self.network.availability_zones:
                if not (az.startswith(self.region) and len(az) == len(self.region) + 1):
                    raise ValueError(f"network.availabilityZones: {az} is not in region {self.region}")
        if self.environment == "prod":
            if self.network is not None and len(self.network.availability_zones) < 3:
                raise ValueError("network.availabilityZones: prod needs at least 3 availability zones")
            if self.network is not None and self.network.nat_gateways != "perAz":
                raise ValueError("network.natGateways: prod needs a NAT gateway per availability zone")
            if not self.protect_stateful:
                raise ValueError("protectStateful: prod must protect its stateful resources")
            if self.storage.force_destroy:
                raise ValueError("storage.forceDestroy: prod buckets may never be force-destroyed")
            if not self.tables.deletion_protection:
                raise ValueError("tables.deletionProtection: prod tables need deletion protection")
            if self.cluster is not None and self.cluster.endpoint_public_access:
                raise ValueError("cluster.endpointPublicAccess: the prod API endpoint is private only")
            if self.database is not None and self.database.instances < 2:
                raise ValueError("database.instances: prod needs a writer and a reader in another AZ")
            if self.database is not None and self.database.backup_retention_days < 35:
                raise ValueError("database.backupRetentionDays: prod keeps 35 days of backups")
            if self.database is not None and not self.database.deletion_protection:
                raise ValueError("database.deletionProtection: prod databases need deletion protection")
            if self.kafka is not None and self.kafka.brokers < 3:
                raise ValueError("kafka.brokers: prod runs at least 3 brokers")
        if self.environment != "learner-lab":
            self._tiers_fit_the_network()
        return self

    def _tiers_fit_the_network(self) -> None:
        assert self.network is not None and self.kafka is not None and self.database is not None
        azs = len(self.network.availability_zones)
        if self.kafka.brokers % azs:
            raise ValueError(f"kafka.brokers: MSK needs a multiple of the {azs} availability zones")
        if self.database.instances > 1 and azs < 2:
            raise ValueError("database.instances: readers need a second availability zone")

    @property
    def name_prefix(self) -> str:
        return f"campus-{self.environment}"

    def tags(self, **extra: str) -> dict[str, str]:
        """The one tagging function: every taggable resource carries these."""
        tags = {
            "Project": "campus",
            "Environment": self.environment,
            "Owner": self.owner,
            "CostCenter": self.cost_center,
            "DataClassification": self.data_classification,
            "Stack": self.stack,
            "ManagedBy": "pulumi",
        }
        tags.update(extra)
        return tags

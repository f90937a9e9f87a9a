"""Application contracts (`apps/<service>/contract.yaml`): what each service needs from the platform.

IRSA policies, the per-service infra ConfigMap and NetworkPolicies are all derived from these declarations, so
least privilege holds by construction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from campus.catalog.yamlfile import load_model
from campus.config.base import Whole
from campus.errors import CampusInputError

APPS_DIR = Path("apps")
CONTRACT_FILE = "contract.yaml"
APPS_NAMESPACE = "campus"
SERVICE_NAME = r"^[a-z][a-z0-9-]{0,40}[a-z0-9]$"


class Access(BaseModel):
    model_config = ConfigDict(extra="forbid")

    read: list[str] = Field(default_factory=list)
    write: list[str] = Field(default_factory=list)

    def all(self) -> list[str]:
        return sorted(set(self.read) | set(self.write))


class Contract(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    service: str = Field(pattern=SERVICE_NAME)
    description: str
    port: Whole = Field(ge=1024, le=65535)
    exposure: Literal["public", "internal"] = "internal"
    calls: list[str] = Field(default_factory=list)
    produces: list[str] = Field(default_factory=list)
    consumes: list[str] = Field(default_factory=list)
    tables: Access = Field(default_factory=Access)
    buckets: Access = Field(default_factory=Access)
    models: list[str] = Field(default_factory=list)
    database: Literal["none", "read", "write"] = "none"
    kubernetes_api: bool = Field(default=False, alias="kubernetesApi")

    @model_validator(mode="after")
    def _no_self_call(self) -> Contract:
        if self.service in self.calls:
            raise ValueError("a service does not call itself")
        return self

    @property
    def uses_kafka(self) -> bool:
        return bool(self.produces or self.consumes)

    @property
    def service_account(self) -> str:
        return self.service

    def infra_keys(self) -> list[str]:
        """The keys of the `<service>-infra` ConfigMap that Pulumi writes and the Deployment reads."""
        keys = ["AWS_REGION", "CAMPUS_ENVIRONMENT", "SERVICE_NAME"]
        if self.uses_kafka:
            keys += ["KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM"]
        if self.consumes:
            keys.append("KAFKA_CONSUMER_GROUP")
        keys += [f"TABLE_{env_suffix(t)}" for t in self.tables.all()]
        keys += [f"BUCKET_{env_suffix(b)}" for b in self.buckets.all()]
        keys += [f"BEDROCK_MODEL_{env_suffix(m)}" for m in sorted(self.models)]
        if self.database != "none":
            keys += ["DB_ENDPOINT", "DB_READER_ENDPOINT", "DB_PORT", "DB_NAME", "DB_SECRET_ARN", "DB_IAM_AUTH"]
        return keys


def env_suffix(logical_name: str) -> str:
    return logical_name.upper().replace("-", "_").replace(".", "_")


@dataclass(frozen=True)
class KnownNames:
    """What contracts may refer to: the catalog's topics and the stack's tables, buckets and models. A kind left
    None is not checked (the Learner Lab host checks its tables and buckets against the stack's outputs)."""

    topics: frozenset[str] | None = None
    tables: frozenset[str] | None = None
    buckets: frozenset[str] | None = None
    models: frozenset[str] | None = None


def _check_refs(file: str, key: str, names: Iterable[str], known: frozenset[str] | None, what: str) -> None:
    if known is None:
        return
    for name in names:
        if name not in known:
            raise CampusInputError(f"unknown {what} '{name}' (known: {', '.join(sorted(known))})", file=file, key=key)


def load_contracts(root: Path, known: KnownNames | None = None) -> dict[str, Contract]:
    """Every `apps/*/contract.yaml`, keyed by service; references checked against `known` when given."""
    contracts: dict[str, Contract] = {}
    for path in sorted((root / APPS_DIR).glob(f"*/{CONTRACT_FILE}")):
        shown = str(path.relative_to(root))
        contract = load_model(Contract, path, shown)
        if contract.service != path.parent.name:
            raise CampusInputError(f"service '{contract.service}' does not match its folder '{path.parent.name}'",
                                   file=shown, key="service")
        contracts[contract.service] = contract
    for name, contract in contracts.items():
        shown = str(APPS_DIR / name / CONTRACT_FILE)
        _check_refs(shown, "calls", contract.calls, frozenset(contracts), "service")
        if known is None:
            continue
        _check_refs(shown, "produces", contract.produces, known.topics, "topic")
        _check_refs(shown, "consumes", contract.consumes, known.topics, "topic")
        _check_refs(shown, "tables", contract.tables.all(), known.tables, "table")
        _check_refs(shown, "buckets", contract.buckets.all(), known.buckets, "bucket")
        _check_refs(shown, "models", contract.models, known.models, "model")
    return contracts


def callers_of(contracts: dict[str, Contract], service: str) -> list[str]:
    return sorted(name for name, c in contracts.items() if service in c.calls)

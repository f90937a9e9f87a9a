"""The Kafka topic catalog (`catalog/topics.yaml`): one source for MSK and the Learner Lab broker."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from campus.catalog.yamlfile import load_model, read_text
from campus.config.base import Whole
from campus.config.model import Environment
from campus.errors import CampusInputError

CATALOG_FILE = Path("catalog/topics.yaml")
MAX_RETENTION_HOURS = 24 * 365
TOPIC_NAME = r"^[A-Za-z0-9._-]{1,249}$"
ENVIRONMENTS: tuple[str, ...] = get_args(Environment)


def _known_environment(name: str) -> str:
    if name not in ENVIRONMENTS:
        raise PydanticCustomError("unknown_environment", "unknown environment (known: {known})",
                                  {"known": ", ".join(ENVIRONMENTS)})
    return name


# An override for an environment no stack has would silently never apply.
EnvironmentName = Annotated[str, AfterValidator(_known_environment)]


class Replication(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    replication_factor: Whole = Field(alias="replicationFactor", ge=1)
    min_insync_replicas: Whole = Field(alias="minInsyncReplicas", ge=1)

    @model_validator(mode="after")
    def _insync_below_replication(self) -> Replication:
        # With one replica there is nothing to tolerate; otherwise one broker must be able to fail.
        if self.replication_factor == 1 and self.min_insync_replicas != 1:
            raise ValueError("minInsyncReplicas must be 1 when replicationFactor is 1")
        if self.replication_factor > 1 and self.min_insync_replicas >= self.replication_factor:
            raise ValueError("minInsyncReplicas must be lower than replicationFactor")
        return self


class Topic(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: str = Field(pattern=TOPIC_NAME)
    partitions: Whole = Field(gt=0, le=1000)
    retention_hours: Whole = Field(alias="retentionHours", ge=1, le=MAX_RETENTION_HOURS)
    description: str
    schema_file: str | None = Field(default=None, alias="schema")

    @property
    def retention_ms(self) -> int:
        return self.retention_hours * 3600 * 1000


class TopicCatalog(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    version: Whole = Field(ge=1, le=1)
    defaults: Replication
    environments: dict[EnvironmentName, Replication] = Field(default_factory=dict)
    topics: list[Topic] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> TopicCatalog:
        seen: set[str] = set()
        for topic in self.topics:
            if topic.name in seen:
                raise ValueError(f"topic {topic.name} is declared twice")
            seen.add(topic.name)
        return self

    def names(self) -> set[str]:
        return {t.name for t in self.topics}

    def replication_for(self, environment: str) -> Replication:
        return self.environments.get(environment, self.defaults)

    def check_against_brokers(self, environment: str, brokers: int, file: str) -> None:
        """Replication settings of `environment` must fit the target stack's broker count."""
        repl = self.replication_for(environment)
        key = f"environments.{environment}" if environment in self.environments else "defaults"
        if repl.replication_factor > brokers:
            raise CampusInputError(
                f"replicationFactor {repl.replication_factor} exceeds the {brokers} broker(s) of stack {environment}",
                file=file, key=f"{key}.replicationFactor",
            )


def load_topic_catalog(root: Path) -> TopicCatalog:
    path = root / CATALOG_FILE
    catalog = load_model(TopicCatalog, path, str(CATALOG_FILE))
    for index, topic in enumerate(catalog.topics):
        if topic.schema_file is None:
            continue
        schema_path = path.parent / topic.schema_file
        shown = f"{CATALOG_FILE}"
        if not schema_path.is_file():
            raise CampusInputError(f"schema file {topic.schema_file} not found", file=shown,
                                   key=f"topics[{index}].schema ({topic.name})")
        schema_shown = str(CATALOG_FILE.parent / topic.schema_file)
        try:
            json.loads(read_text(schema_path, schema_shown))
        except json.JSONDecodeError as err:
            raise CampusInputError(f"schema is not JSON ({err.msg})", file=schema_shown,
                                   key=f"line {err.lineno}") from None
    return catalog

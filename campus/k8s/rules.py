"""Admission rules on disk: `policies/admission/<rule>/{rule.yaml,src.rego}` plus the shared lib and match."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from campus.catalog.yamlfile import read_text, read_yaml
from campus.errors import CampusInputError
from campus.findings import ControlRef, Enforcement, RuleMeta, Severity
from campus.k8s.kinds import WORKLOAD_GROUPS

REPO_ROOT = Path(__file__).resolve().parents[2]
ADMISSION_DIR = REPO_ROOT / "policies" / "admission"
LIB_FILE = "lib/workload.rego"
MATCH_FILE = "match.yaml"


class SyncedKind(BaseModel):
    """A kind Gatekeeper must replicate into `data.inventory` for a referential rule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    group: str
    version: str
    kind: str

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version


class Parameters(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # `schema` would shadow a BaseModel attribute, hence the alias.
    json_schema: dict[str, Any] = Field(alias="schema")
    values: dict[str, Any]


class RuleFile(BaseModel):
    """The `rule.yaml` of one rule folder."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^K8S-[A-Z]+-\d{3}$")
    kind: str = Field(pattern=r"^[A-Z][A-Za-z0-9]+$")
    title: str
    description: str
    severity: Severity
    enforcement: Enforcement
    remediation: str
    controls: tuple[ControlRef, ...] = Field(min_length=1)
    kinds: tuple[str, ...] | None = None
    inventory: tuple[SyncedKind, ...] = ()
    parameters: Parameters | None = None


class MatchDefaults(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    workload_kinds: tuple[str, ...] = Field(alias="workloadKinds")
    excluded_namespaces: tuple[str, ...] = Field(alias="excludedNamespaces")


class AdmissionRule(BaseModel):
    """Everything known about one rule: metadata, Rego source, what it matches and what it needs synced."""

    model_config = ConfigDict(frozen=True)

    folder: str
    spec: RuleFile
    rego: str
    kinds: tuple[str, ...]
    excluded_namespaces: tuple[str, ...]

    @property
    def meta(self) -> RuleMeta:
        s = self.spec
        return RuleMeta(id=s.id, title=s.title, description=s.description, severity=s.severity,
                        enforcement=s.enforcement, remediation=s.remediation, controls=s.controls)

    @property
    def package_path(self) -> str:
        """The Rego package as a bundle entrypoint path, e.g. `campus/admission/host_ports`."""
        return "campus/admission/" + self.folder.replace("-", "_")

    @property
    def parameter_values(self) -> dict[str, Any]:
        return dict(self.spec.parameters.values) if self.spec.parameters else {}


def _validated(model: type[BaseModel], data: Any, path: Path) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or None
        raise CampusInputError(first["msg"], file=str(path), key=key) from None


def load_match_defaults(root: Path = ADMISSION_DIR) -> MatchDefaults:
    path = root / MATCH_FILE
    defaults: MatchDefaults = _validated(MatchDefaults, read_yaml(path), path)
    return defaults


def load_lib(root: Path = ADMISSION_DIR) -> str:
    return read_text(root / LIB_FILE)


def load_rules(root: Path = ADMISSION_DIR) -> list[AdmissionRule]:
    """Every rule folder under `root`, sorted by rule id."""
    defaults = load_match_defaults(root)
    rules = []
    for rule_yaml in sorted(root.glob("*/rule.yaml")):
        spec: RuleFile = _validated(RuleFile, read_yaml(rule_yaml), rule_yaml)
        kinds = spec.kinds or defaults.workload_kinds
        unknown = [kind for kind in kinds if kind not in WORKLOAD_GROUPS]
        if unknown:
            raise CampusInputError(f"unsupported kind {unknown[0]}", file=str(rule_yaml), key="kinds")
        rules.append(AdmissionRule(
            folder=rule_yaml.parent.name,
            spec=spec,
            rego=read_text(rule_yaml.parent / "src.rego"),
            kinds=kinds,
            excluded_namespaces=defaults.excluded_namespaces,
        ))
    return sorted(rules, key=lambda rule: rule.spec.id)


@cache
def shipped_rules() -> tuple[AdmissionRule, ...]:
    """The rules in the repository, loaded once per process."""
    return tuple(load_rules())

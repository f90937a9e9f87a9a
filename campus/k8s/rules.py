"""Admission rules on disk: `policies/admission/<rule>/{rule.yaml,src.rego}` plus the shared lib and match."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from campus.catalog.yamlfile import read_text, read_yaml
from campus.errors import CampusInputError
from campus.findings import ControlRef, Enforcement, RuleMeta, Severity
from campus.k8s.kinds import WORKLOAD_GROUPS
from campus.k8s.schema_check import join, json_problem, parameter_schema_problem

REPO_ROOT = Path(__file__).resolve().parents[2]
ADMISSION_DIR = REPO_ROOT / "policies" / "admission"
LIB_FILE = "lib/workload.rego"
MATCH_FILE = "match.yaml"
RULE_FILE = "rule.yaml"
REGO_FILE = "src.rego"
PACKAGE_PREFIX = "campus.admission."
# The folder names the Rego package (dashes become underscores), so it must make a Rego identifier.
FOLDER_NAME = re.compile(r"[a-z][a-z0-9-]*")
PACKAGE_LINE = re.compile(r"^package[ \t]+([^\s#]+)", re.MULTILINE)
VIOLATION_RULE = re.compile(r"^violation\b", re.MULTILINE)


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
    # The rule's folder on disk, to name its files in errors; None for a rule built in memory.
    directory: Path | None = None

    @property
    def meta(self) -> RuleMeta:
        s = self.spec
        return RuleMeta(id=s.id, title=s.title, description=s.description, severity=s.severity,
                        enforcement=s.enforcement, remediation=s.remediation, controls=s.controls)

    @property
    def package_path(self) -> str:
        """The Rego package as a bundle entrypoint path, e.g. `campus/admission/host_ports`."""
        return (PACKAGE_PREFIX + self.folder.replace("-", "_")).replace(".", "/")

    @property
    def rego_file(self) -> str:
        """The Rego source as errors name it."""
        return str(self.directory / REGO_FILE) if self.directory else f"{self.folder}/{REGO_FILE}"

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
    rules: list[AdmissionRule] = []
    for rule_yaml in sorted(root.glob(f"*/{RULE_FILE}")):
        spec: RuleFile = _validated(RuleFile, read_yaml(rule_yaml), rule_yaml)
        kinds = spec.kinds or defaults.workload_kinds
        unknown = [kind for kind in kinds if kind not in WORKLOAD_GROUPS]
        if unknown:
            raise CampusInputError(f"unsupported kind {unknown[0]}", file=str(rule_yaml), key="kinds")
        _check_unique(spec, rule_yaml, rules)
        _check_parameters(spec, rule_yaml)
        rules.append(AdmissionRule(
            folder=_folder_name(rule_yaml.parent),
            spec=spec,
            rego=_rego_source(rule_yaml.parent),
            kinds=kinds,
            excluded_namespaces=defaults.excluded_namespaces,
            directory=rule_yaml.parent,
        ))
    return sorted(rules, key=lambda rule: rule.spec.id)


def _check_unique(spec: RuleFile, rule_yaml: Path, earlier: list[AdmissionRule]) -> None:
    """Rule ids key findings and waivers, and constraint kinds name CRDs: two rules cannot share either."""
    for other in earlier:
        for key, value, taken in (("id", spec.id, other.spec.id), ("kind", spec.kind, other.spec.kind)):
            if value == taken:
                raise CampusInputError(f"{value} is already the {key} of {other.directory or other.folder}/{RULE_FILE}",
                                       file=str(rule_yaml), key=key)


def _check_parameters(spec: RuleFile, rule_yaml: Path) -> None:
    """Parameter values go into Rego as JSON and the schema becomes the Constraint's CRD schema."""
    if spec.parameters is None:
        return
    problem = json_problem(spec.parameters.values)
    if problem:
        raise CampusInputError(problem[1], file=str(rule_yaml), key=join("parameters.values", problem[0]))
    problem = parameter_schema_problem(spec.parameters.json_schema)
    if problem:
        raise CampusInputError(problem[1], file=str(rule_yaml), key=join("parameters.schema", problem[0]))


def _folder_name(folder: Path) -> str:
    if not FOLDER_NAME.fullmatch(folder.name):
        raise CampusInputError("a rule folder's name is lowercase letters, digits and dashes (it names the Rego "
                               "package)", file=str(folder))
    return folder.name


def _rego_source(folder: Path) -> str:
    """`src.rego`, which must define `violation` in the package its folder names (`campus.admission.host_ports` for
    `host-ports`): the gate reads the rule's violations there, and would otherwise find none and admit everything."""
    path = folder / REGO_FILE
    source = read_text(path)
    expected = PACKAGE_PREFIX + folder.name.replace("-", "_")
    declared = PACKAGE_LINE.search(source)
    if declared and declared.group(1) != expected:
        line = source.count("\n", 0, declared.start()) + 1
        raise CampusInputError(f"package {declared.group(1)} must be {expected}, after the folder name",
                               file=str(path), key=f"line {line}")
    if declared and not VIOLATION_RULE.search(source):
        raise CampusInputError("defines no `violation` rule, where Gatekeeper and the gate read what is denied",
                               file=str(path))
    return source


@cache
def shipped_rules() -> tuple[AdmissionRule, ...]:
    """The rules in the repository, loaded once per process."""
    return tuple(load_rules())

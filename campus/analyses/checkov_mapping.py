"""What checkov check ids mean to campus (policies/checkov/mapping.yaml): severity, enforcement, controls.

checkov ships no severity or benchmark mapping offline, so a check id missing here still yields findings, with
the file's `default` values; `unmapped_check_ids` makes such gaps visible.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from campus.catalog.yamlfile import load_model
from campus.controls import shipped_catalog
from campus.errors import CampusInputError
from campus.findings import ControlRef, Enforcement, RuleMeta, Severity

MAPPING_FILE = Path(__file__).resolve().parents[2] / "policies" / "checkov" / "mapping.yaml"


class DefaultMeta(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    severity: Severity
    enforcement: Enforcement
    remediation: str = Field(min_length=1)
    controls: tuple[ControlRef, ...] = Field(min_length=1)


class CheckMeta(DefaultMeta):
    title: str = Field(min_length=1)
    description: str | None = None


class NotApplicable(BaseModel):
    """Check ids reviewed and left unmapped, with the reason they cannot fire on what campus scans."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: str = Field(min_length=1)
    ids: tuple[str, ...] = Field(min_length=1)


class CheckovMapping(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1]
    default: DefaultMeta
    checks: dict[str, CheckMeta] = Field(min_length=1)
    not_applicable: tuple[NotApplicable, ...] = ()

    @model_validator(mode="after")
    def _reviewed_once(self) -> CheckovMapping:
        both = sorted(self.not_applicable_ids() & self.checks.keys())
        if both:
            raise ValueError(f"mapped and listed as not applicable: {', '.join(both)}")
        return self

    def not_applicable_ids(self) -> set[str]:
        return {check_id for group in self.not_applicable for check_id in group.ids}

    def rule(self, check_id: str, check_name: str | None = None) -> RuleMeta:
        """The rule behind a check id; an unmapped id gets the defaults and checkov's own name as title."""
        meta = self.checks.get(check_id)
        if meta is None:
            title = check_name or check_id
            return RuleMeta(
                id=check_id,
                title=title,
                description=title,
                severity=self.default.severity,
                enforcement=self.default.enforcement,
                remediation=self.default.remediation,
                controls=self.default.controls,
            )
        return RuleMeta(
            id=check_id,
            title=meta.title,
            description=meta.description or meta.title,
            severity=meta.severity,
            enforcement=meta.enforcement,
            remediation=meta.remediation,
            controls=meta.controls,
        )

    def rules(self) -> list[RuleMeta]:
        return [self.rule(check_id) for check_id in sorted(self.checks)]

    def unmapped_check_ids(self, check_ids: Iterable[str]) -> list[str]:
        """Ids with neither a mapping nor a reviewed not-applicable entry."""
        return sorted(set(check_ids) - self.checks.keys() - self.not_applicable_ids())


@lru_cache(maxsize=4)
def load_mapping(path: Path = MAPPING_FILE) -> CheckovMapping:
    """The mapping; every control it names must be in the shipped control catalog (policies/controls/)."""
    mapping = load_model(CheckovMapping, path)
    catalog = shipped_catalog()
    owners = [("default", mapping.default), *((f"checks.{check}", meta) for check, meta in mapping.checks.items())]
    for owner, meta in owners:
        for index, ref in enumerate(meta.controls):
            if not catalog.has(ref):
                raise CampusInputError(f"control {ref} is not in the control catalog (policies/controls/)",
                                       file=str(path), key=f"{owner}.controls[{index}]")
    return mapping

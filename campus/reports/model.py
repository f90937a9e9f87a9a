"""The one input every report is rendered from: a finished gate run."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from campus.findings import ControlRef, Engine, Finding, RuleMeta

ControlTitles = Callable[[ControlRef], str | None] | Mapping[tuple[str, str, str], str]


class EngineRule(BaseModel):
    """A rule together with the engine that runs it (rule ids are only unique within an engine)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    engine: Engine
    rule: RuleMeta


class Waiver(BaseModel):
    """A waiver as the gate resolved it; keys beyond these (ids, source file) do not matter to reports."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    rule_id: str
    match: str | dict[str, Any] = "*"
    reason: str
    owner: str
    expires: date
    status: Literal["active", "expired"]

    def match_text(self) -> str:
        if isinstance(self.match, str):
            return self.match
        return ", ".join(f"{key}={value}" for key, value in sorted(self.match.items()))


class GateRun(BaseModel):
    """Findings of all engines plus the context an auditor needs to judge them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    findings: list[Finding]
    rules: list[EngineRule]
    control_title: ControlTitles = Field(default_factory=dict)
    stacks: list[str]
    started: AwareDatetime
    finished: AwareDatetime
    campus_version: str
    git_commit: str | None = None
    waivers: list[Waiver] = Field(default_factory=list)
    inputs: list[str] = Field(default_factory=list)

    def title_of(self, ref: ControlRef) -> str | None:
        if callable(self.control_title):
            return self.control_title(ref)
        return self.control_title.get(ref.key())

    @property
    def passed(self) -> bool:
        return not any(finding.blocks for finding in self.findings)

    @property
    def duration_seconds(self) -> float:
        return (self.finished - self.started).total_seconds()


def timestamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")

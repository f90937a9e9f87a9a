"""Waivers (`policies/waivers.yaml`): a known, owned, dated exception to a rule. A waived finding stays visible as
`waived`; an expired waiver waives nothing and fails the gate until it is renewed or removed."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from campus.catalog.yamlfile import load_model
from campus.findings import Finding

WAIVERS_FILE = Path("policies/waivers.yaml")
MATCH_KEYS = ("stack", "resource", "engine", "file")


class WaiverEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^W-\d{3,}$")
    rule: str = Field(min_length=1)
    match: dict[str, str] = Field(default_factory=dict)
    reason: str = Field(min_length=20)
    owner: str = Field(min_length=1)
    expires: date

    def matches(self, finding: Finding) -> bool:
        if finding.rule_id != self.rule:
            return False
        values = {"stack": finding.stack or "", "resource": finding.resource, "engine": finding.engine,
                  "file": finding.file or ""}
        return all(fnmatch.fnmatchcase(values[key], pattern) for key, pattern in self.match.items())


    def could_match_stacks(self, stacks: list[str]) -> bool:
        """Whether a run over `stacks` could use this waiver (one scoped to another stack cannot)."""
        pattern = self.match.get("stack")
        return pattern is None or not stacks or any(fnmatch.fnmatchcase(stack, pattern) for stack in stacks)


class WaiverFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, le=1)
    waivers: list[WaiverEntry]


@dataclass
class WaiverOutcome:
    findings: list[Finding]
    expired: list[WaiverEntry] = field(default_factory=list)
    unused: list[WaiverEntry] = field(default_factory=list)


def load_waivers(root: Path) -> list[WaiverEntry]:
    path = root / WAIVERS_FILE
    if not path.exists():
        return []
    waivers = load_model(WaiverFile, path, str(WAIVERS_FILE)).waivers
    from campus.errors import CampusInputError

    seen: set[str] = set()
    for index, waiver in enumerate(waivers):
        if waiver.id in seen:
            raise CampusInputError(f"waiver id {waiver.id} is used twice", file=str(WAIVERS_FILE),
                                   key=f"waivers[{index}].id")
        unknown = sorted(set(waiver.match) - set(MATCH_KEYS))
        if unknown:
            raise CampusInputError(f"unknown match key (use {', '.join(MATCH_KEYS)})", file=str(WAIVERS_FILE),
                                   key=f"waivers[{index}].match.{unknown[0]}")
        seen.add(waiver.id)
    return waivers


def apply_waivers(findings: list[Finding], waivers: list[WaiverEntry], today: date) -> WaiverOutcome:
    active = [w for w in waivers if w.expires >= today]
    expired = [w for w in waivers if w.expires < today]
    used: set[str] = set()
    out: list[Finding] = []
    for finding in findings:
        waiver = next((w for w in active if w.matches(finding)), None) if finding.status == "fail" else None
        if waiver is None:
            out.append(finding)
            continue
        used.add(waiver.id)
        out.append(finding.model_copy(update={
            "status": "waived",
            "waiver": {"id": waiver.id, "owner": waiver.owner, "expires": waiver.expires.isoformat(),
                       "reason": waiver.reason}}))
    return WaiverOutcome(findings=out, expired=expired, unused=[w for w in active if w.id not in used])


# Engines whose rule ids are not all known before they run: ansible-lint names its rules as it reports them.
DYNAMIC_RULE_PREFIXES = ("ansible-lint:",)


def check_waiver_rules(waivers: list[WaiverEntry], known: set[str]) -> None:
    """A waiver for a rule no engine has (a typo, a removed rule) is bad input, not a silent no-op."""
    from campus.errors import CampusInputError

    for index, waiver in enumerate(waivers):
        if waiver.rule not in known and not waiver.rule.startswith(DYNAMIC_RULE_PREFIXES):
            raise CampusInputError(f"no engine has rule {waiver.rule}", file=str(WAIVERS_FILE),
                                   key=f"waivers[{index}].rule")

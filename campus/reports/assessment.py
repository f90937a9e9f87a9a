"""Judge every reviewed control from the findings: satisfied, not satisfied, waived or not assessed."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from campus.findings import SEVERITY_ORDER, ControlRef, Finding, RuleMeta
from campus.reports.model import EngineRule, GateRun

ControlStatus = Literal["not-satisfied", "waived", "satisfied", "not-assessed"]
CONTROL_STATUSES: tuple[ControlStatus, ...] = ("not-satisfied", "waived", "satisfied", "not-assessed")

_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort `sc-7` before `sc-12` and `2.1.10` after `2.1.9`."""
    return tuple((0, int(part)) if part.isdigit() else (1, part.lower()) for part in _DIGITS.split(text) if part)


def finding_order(finding: Finding) -> tuple[object, ...]:
    return (
        SEVERITY_ORDER[finding.severity],
        finding.enforcement != "mandatory",
        finding.rule_id,
        finding.stack or "",
        finding.resource,
    )


@dataclass(frozen=True)
class ControlAssessment:
    ref: ControlRef
    title: str | None
    status: ControlStatus
    rules: tuple[EngineRule, ...]
    findings: tuple[Finding, ...]

    @cached_property  # read several times per control by every report
    def counts(self) -> Counter[str]:
        return Counter(finding.status for finding in self.findings)

    def with_status(self, status: str) -> list[Finding]:
        return list(self._by_status.get(status, ()))

    @cached_property
    def _by_status(self) -> dict[str, list[Finding]]:
        groups: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.findings:
            groups[finding.status].append(finding)
        return groups


@dataclass(frozen=True)
class FrameworkAssessment:
    framework: str
    version: str
    controls: tuple[ControlAssessment, ...]

    @cached_property
    def counts(self) -> Counter[str]:
        return Counter(control.status for control in self.controls)

    @property
    def anchor(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", f"fw-{self.framework}-{self.version}".lower()).strip("-")


@dataclass(frozen=True)
class FailingRule:
    """All failing findings of one rule, so the remediation is read once."""

    engine: str
    rule_id: str
    title: str
    severity: str
    enforcement: str
    remediation: str | None
    controls: tuple[ControlRef, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class StackSummary:
    name: str
    counts: Counter[str]
    by_engine: dict[str, Counter[str]]
    failing: tuple[Finding, ...]
    waived: tuple[Finding, ...]


@dataclass(frozen=True)
class Assessment:
    run: GateRun
    frameworks: tuple[FrameworkAssessment, ...]
    failing_rules: tuple[FailingRule, ...]
    stacks: tuple[StackSummary, ...]
    status_counts: Counter[str] = field(default_factory=Counter)
    failing_by_severity: Counter[str] = field(default_factory=Counter)

    @cached_property  # each of these walks every finding
    def blocking(self) -> list[Finding]:
        return [finding for finding in self.run.findings if finding.blocks]

    @cached_property
    def passed(self) -> bool:
        """`run.passed`, computed once."""
        return not self.blocking

    @cached_property
    def advisory_failures(self) -> list[Finding]:
        return [f for f in self.run.findings if f.status == "fail" and f.enforcement == "advisory"]

    @property
    def expired_waivers(self) -> int:
        return sum(1 for waiver in self.run.waivers if waiver.status == "expired")


def assess(run: GateRun) -> Assessment:
    return Assessment(
        run=run,
        frameworks=_frameworks(run),
        failing_rules=_failing_rules(run),
        stacks=_stacks(run),
        status_counts=Counter(finding.status for finding in run.findings),
        failing_by_severity=Counter(f.severity for f in run.findings if f.status == "fail"),
    )


def _control_status(findings: list[Finding]) -> ControlStatus:
    statuses = {finding.status for finding in findings}
    if "fail" in statuses:
        return "not-satisfied"
    if "waived" in statuses:
        return "waived"
    if "pass" in statuses:
        return "satisfied"
    return "not-assessed"


def _frameworks(run: GateRun) -> tuple[FrameworkAssessment, ...]:
    rules_by_control: dict[ControlRef, list[EngineRule]] = defaultdict(list)
    controls_by_rule: dict[tuple[str, str], tuple[ControlRef, ...]] = {}
    for entry in run.rules:
        controls_by_rule[(entry.engine, entry.rule.id)] = entry.rule.controls
        for ref in entry.rule.controls:
            rules_by_control[ref].append(entry)
    findings_by_control: dict[ControlRef, list[Finding]] = defaultdict(list)
    for finding in run.findings:
        refs = finding.controls or controls_by_rule.get((finding.engine, finding.rule_id), ())
        for ref in dict.fromkeys(refs):
            findings_by_control[ref].append(finding)

    grouped: dict[tuple[str, str], list[ControlAssessment]] = defaultdict(list)
    for ref in set(rules_by_control) | set(findings_by_control):
        evidence = sorted(findings_by_control.get(ref, []), key=finding_order)
        grouped[(ref.framework, ref.version)].append(
            ControlAssessment(
                ref=ref,
                title=run.title_of(ref),
                status=_control_status(evidence),
                rules=tuple(sorted(rules_by_control.get(ref, []), key=lambda e: (e.engine, e.rule.id))),
                findings=tuple(evidence),
            )
        )
    return tuple(
        FrameworkAssessment(framework, version, tuple(sorted(controls, key=lambda c: natural_key(c.ref.id))))
        for (framework, version), controls in sorted(grouped.items(), key=lambda item: natural_key(" ".join(item[0])))
    )


def _failing_rules(run: GateRun) -> tuple[FailingRule, ...]:
    meta: dict[tuple[str, str], RuleMeta] = {(entry.engine, entry.rule.id): entry.rule for entry in run.rules}
    by_rule: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in run.findings:
        if finding.status == "fail":
            by_rule[(finding.engine, finding.rule_id)].append(finding)
    failing = []
    for (engine, rule_id), findings in by_rule.items():
        first = findings[0]
        rule = meta.get((engine, rule_id))
        failing.append(
            FailingRule(
                engine=engine,
                rule_id=rule_id,
                title=first.title or (rule.title if rule else rule_id),
                severity=first.severity,
                enforcement=first.enforcement,
                remediation=first.remediation or (rule.remediation if rule else None),
                controls=tuple(first.controls) or (rule.controls if rule else ()),
                findings=tuple(sorted(findings, key=finding_order)),
            )
        )
    return tuple(sorted(failing, key=lambda r: finding_order(r.findings[0])))


def _stacks(run: GateRun) -> tuple[StackSummary, ...]:
    by_stack: dict[str, list[Finding]] = defaultdict(list)
    for finding in run.findings:
        by_stack[finding.stack or ""].append(finding)
    names = sorted(set(run.stacks) | set(by_stack), key=lambda name: (name == "", natural_key(name)))
    summaries = []
    for name in names:
        findings = by_stack.get(name, [])
        by_engine: dict[str, Counter[str]] = defaultdict(Counter)
        for finding in findings:
            by_engine[finding.engine][finding.status] += 1
        summaries.append(
            StackSummary(
                name=name,
                counts=Counter(finding.status for finding in findings),
                by_engine=dict(sorted(by_engine.items())),
                failing=tuple(sorted((f for f in findings if f.status == "fail"), key=finding_order)),
                waived=tuple(sorted((f for f in findings if f.status == "waived"), key=finding_order)),
            )
        )
    return tuple(summaries)

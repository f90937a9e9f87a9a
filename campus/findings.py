"""One result model for every analysis engine: rules, control references and findings.

`findings.json` (schema version 1) is a list of `Finding` plus a summary; reports, SARIF, JUnit and OSCAL
are all rendered from it.
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["critical", "high", "medium", "low"]
Enforcement = Literal["mandatory", "advisory"]
Engine = Literal["crossguard", "admission", "checkov", "schema", "consistency", "ansible-lint"]
Status = Literal["fail", "pass", "waived"]

SEVERITY_ORDER: dict[str, int] = {"critical": 0, "high": 1, "medium": 2, "low": 3}


class ControlRef(BaseModel):
    """A control of a versioned framework, e.g. NIST-800-53 rev5 `sc-28.1` or CIS-AWS-Foundations v3.0.0 `2.1.1`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    framework: str
    version: str
    id: str

    def key(self) -> tuple[str, str, str]:
        return (self.framework, self.version, self.id)

    def __str__(self) -> str:
        return f"{self.framework} {self.version} {self.id}"


class RuleMeta(BaseModel):
    """What every rule carries, whatever engine runs it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    description: str
    severity: Severity
    enforcement: Enforcement
    remediation: str
    controls: tuple[ControlRef, ...] = Field(min_length=1)


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule_id: str
    engine: Engine
    status: Status
    severity: Severity
    enforcement: Enforcement
    stack: str | None = None
    resource: str
    file: str | None = None
    line: int | None = None
    message: str
    controls: list[ControlRef] = Field(default_factory=list)
    title: str | None = None
    remediation: str | None = None
    waiver: dict[str, str] | None = None

    @classmethod
    def from_rule(
        cls,
        meta: RuleMeta,
        *,
        engine: Engine,
        status: Status,
        resource: str,
        message: str,
        stack: str | None = None,
        file: str | None = None,
        line: int | None = None,
    ) -> Finding:
        return cls(
            rule_id=meta.id,
            engine=engine,
            status=status,
            severity=meta.severity,
            enforcement=meta.enforcement,
            stack=stack,
            resource=resource,
            file=file,
            line=line,
            message=message,
            controls=list(meta.controls),
            title=meta.title,
            remediation=meta.remediation,
        )

    @property
    def blocks(self) -> bool:
        """An unwaived mandatory failure fails the gate."""
        return self.status == "fail" and self.enforcement == "mandatory"


def summarize(findings: list[Finding]) -> dict[str, object]:
    by_status = Counter(f.status for f in findings)
    failing = [f for f in findings if f.status == "fail"]
    return {
        "total": len(findings),
        "by_status": dict(sorted(by_status.items())),
        "by_engine": dict(sorted(Counter(f.engine for f in findings).items())),
        "failing_by_severity": dict(sorted(Counter(f.severity for f in failing).items())),
        "blocking": sum(1 for f in findings if f.blocks),
        "stacks": sorted({f.stack for f in findings if f.stack}),
    }


def findings_document(findings: list[Finding]) -> dict[str, object]:
    ordered = sorted(
        findings,
        key=lambda f: (f.stack or "", f.engine, f.rule_id, f.resource, f.status),
    )
    return {
        "version": 1,
        "findings": [f.model_dump(mode="json", exclude_none=False) for f in ordered],
        "summary": summarize(ordered),
    }

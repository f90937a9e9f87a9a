"""junit.xml: one testsuite per engine, one testcase per (rule, resource) so CI UIs list every check."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from campus.findings import Finding
from campus.reports.model import GateRun


def render_junit(run: GateRun) -> str:
    by_engine: dict[str, list[Finding]] = defaultdict(list)
    for finding in run.findings:
        by_engine[finding.engine].append(finding)
    root = ET.Element("testsuites", name="campus gate", time=f"{run.duration_seconds:.3f}")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for engine in sorted(by_engine):
        findings = sorted(by_engine[engine], key=lambda f: (f.rule_id, f.stack or "", f.resource))
        suite = ET.SubElement(root, "testsuite", name=engine, timestamp=run.started.isoformat(timespec="seconds"))
        for finding in findings:
            _testcase(suite, finding)
        counts = {
            "tests": len(findings),
            "failures": sum(1 for f in findings if f.status == "fail"),
            "skipped": sum(1 for f in findings if f.status == "waived"),
        }
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("errors", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _testcase(suite: ET.Element, finding: Finding) -> None:
    name = f"{finding.stack}: {finding.resource}" if finding.stack else finding.resource
    case = ET.SubElement(suite, "testcase", classname=f"{finding.engine}.{finding.rule_id}", name=name)
    if finding.file:
        case.set("file", finding.file)
        if finding.line:
            case.set("line", str(finding.line))
    if finding.status == "fail":
        failure = ET.SubElement(
            case, "failure", message=finding.message, type=f"{finding.severity}/{finding.enforcement}"
        )
        failure.text = _details(finding)
    elif finding.status == "waived":
        waiver = finding.waiver or {}
        ET.SubElement(
            case,
            "skipped",
            message=f"waived: {waiver.get('reason', '')} (owner {waiver.get('owner', '?')}, "
            f"expires {waiver.get('expires', '?')})",
        )


def _details(finding: Finding) -> str:
    lines = [f"{finding.title or finding.rule_id}: {finding.message}"]
    if finding.file:
        lines.append(f"at {finding.file}:{finding.line}" if finding.line else f"at {finding.file}")
    if finding.remediation:
        lines.append(f"remediation: {finding.remediation}")
    if finding.controls:
        lines.append("controls: " + "; ".join(str(ref) for ref in finding.controls))
    return "\n".join(lines)

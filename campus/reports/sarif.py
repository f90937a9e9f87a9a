"""findings.sarif: SARIF 2.1.0, one run per engine, so code-scanning UIs show each engine as its own tool."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from campus.findings import Finding, RuleMeta
from campus.reports.assessment import finding_order
from campus.reports.json_text import pretty_json
from campus.reports.model import GateRun

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
# GitHub code scanning reads `security-severity` (0-10) to rank results; these sit inside its bands.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}


def render_sarif(run: GateRun) -> bytes:
    rules_by_engine: dict[str, dict[str, RuleMeta]] = defaultdict(dict)
    for entry in run.rules:
        rules_by_engine[entry.engine][entry.rule.id] = entry.rule
    findings_by_engine: dict[str, list[Finding]] = defaultdict(list)
    for finding in run.findings:
        if finding.status != "pass":
            findings_by_engine[finding.engine].append(finding)
    engines = sorted(set(rules_by_engine) | set(findings_by_engine))
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            _run(run, engine, rules_by_engine[engine], sorted(findings_by_engine[engine], key=finding_order))
            for engine in engines
        ],
    }
    return pretty_json(log)


def _run(run: GateRun, engine: str, known: dict[str, RuleMeta], findings: list[Finding]) -> dict[str, Any]:
    descriptors = {rule_id: _descriptor_from_meta(meta) for rule_id, meta in known.items()}
    for finding in findings:
        descriptors.setdefault(finding.rule_id, _descriptor_from_finding(finding))
    ordered_ids = sorted(descriptors)
    index = {rule_id: position for position, rule_id in enumerate(ordered_ids)}
    properties: dict[str, Any] = {"stacks": run.stacks, "inputs": run.inputs}
    if run.git_commit:
        properties["commit"] = run.git_commit
    return {
        "tool": {
            "driver": {
                "name": f"campus-{engine}",
                "fullName": f"campus gate, {engine} engine",
                "version": run.campus_version,
                "rules": [descriptors[rule_id] for rule_id in ordered_ids],
            }
        },
        "invocations": [
            {
                "executionSuccessful": True,
                "startTimeUtc": _utc(run.started),
                "endTimeUtc": _utc(run.finished),
            }
        ],
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The root of the gated repository."}}},
        "results": [_result(finding, index[finding.rule_id]) for finding in findings],
        "properties": properties,
    }


def _descriptor(
    rule_id: str, title: str, description: str, remediation: str | None, severity: str, enforcement: str,
    controls: list[str],
) -> dict[str, Any]:  # fmt: skip
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "shortDescription": {"text": title},
        "fullDescription": {"text": description},
        "defaultConfiguration": {"level": _level(enforcement)},
        "properties": {
            "security-severity": SECURITY_SEVERITY[severity],
            "severity": severity,
            "enforcement": enforcement,
            "controls": controls,
            "tags": ["security", "compliance", *controls],
        },
    }
    if remediation:
        descriptor["help"] = {"text": remediation}
    return descriptor


def _descriptor_from_meta(meta: RuleMeta) -> dict[str, Any]:
    return _descriptor(
        meta.id, meta.title, meta.description, meta.remediation, meta.severity, meta.enforcement,
        [str(ref) for ref in meta.controls],
    )  # fmt: skip


def _descriptor_from_finding(finding: Finding) -> dict[str, Any]:
    title = finding.title or finding.rule_id
    return _descriptor(
        finding.rule_id, title, title, finding.remediation, finding.severity, finding.enforcement,
        [str(ref) for ref in finding.controls],
    )  # fmt: skip


def _level(enforcement: str) -> str:
    return "error" if enforcement == "mandatory" else "warning"


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    location: dict[str, Any] = {
        "logicalLocations": [{"fullyQualifiedName": finding.resource, "kind": "resource"}],
    }
    if finding.file:
        physical: dict[str, Any] = {"artifactLocation": {"uri": finding.file, "uriBaseId": "%SRCROOT%"}}
        if finding.line:
            physical["region"] = {"startLine": finding.line}
        location["physicalLocation"] = physical
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": _level(finding.enforcement),
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {"campusFinding/v1": _fingerprint(finding)},
        "properties": {"stack": finding.stack, "severity": finding.severity, "status": finding.status},
    }
    if finding.status == "waived":
        waiver = finding.waiver or {}
        justification = waiver.get("reason", "waived")
        if waiver.get("owner") or waiver.get("expires"):
            justification += f" (owner {waiver.get('owner', '?')}, expires {waiver.get('expires', '?')})"
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": justification}]
    return result


def _fingerprint(finding: Finding) -> str:
    identity = "\x1f".join((finding.engine, finding.rule_id, finding.stack or "", finding.resource))
    return hashlib.sha256(identity.encode()).hexdigest()


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

"""findings.csv: one row per finding for spreadsheets; columns are stable and only ever appended."""

from __future__ import annotations

import csv
import io

from campus.reports.assessment import finding_order
from campus.reports.model import GateRun

COLUMNS = (
    "status", "severity", "enforcement", "engine", "rule_id", "title", "stack", "resource", "file", "line",
    "message", "controls", "waiver_owner", "waiver_expires", "waiver_reason", "remediation",
)  # fmt: skip


def render_csv(run: GateRun) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    status_rank = {"fail": 0, "waived": 1, "pass": 2}
    for finding in sorted(run.findings, key=lambda f: (status_rank[f.status], *finding_order(f))):
        waiver = finding.waiver or {}
        cells = (
            finding.status,
            finding.severity,
            finding.enforcement,
            finding.engine,
            finding.rule_id,
            finding.title or "",
            finding.stack or "",
            finding.resource,
            finding.file or "",
            str(finding.line or ""),
            finding.message,
            "; ".join(str(ref) for ref in finding.controls),
            waiver.get("owner", ""),
            waiver.get("expires", ""),
            waiver.get("reason", ""),
            finding.remediation or "",
        )
        writer.writerow(_defuse(cell) for cell in cells)
    return buffer.getvalue()


def _defuse(text: str) -> str:
    """Spreadsheets run cells that start with these as formulas (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

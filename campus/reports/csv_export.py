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


# Spreadsheets run cells that start with these as formulas (CSV injection): such cells get a leading quote.
FORMULA_STARTS = frozenset(("=", "+", "-", "@", "\t", "\r"))


def render_csv(run: GateRun) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    status_rank = {"fail": 0, "waived": 1, "pass": 2}
    rows = []
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
            "; ".join(map(str, finding.controls)),
            waiver.get("owner", ""),
            waiver.get("expires", ""),
            waiver.get("reason", ""),
            finding.remediation or "",
        )
        rows.append(["'" + cell if cell[:1] in FORMULA_STARTS else cell for cell in cells])
    writer.writerows(rows)
    return buffer.getvalue()

"""Compliance reports for auditors, all rendered from one `GateRun`: findings.json/csv, SARIF, JUnit,
HTML, Markdown and OSCAL assessment results + component definition."""

from campus.reports.model import EngineRule, GateRun, Waiver
from campus.reports.writer import write_reports

__all__ = ["EngineRule", "GateRun", "Waiver", "write_reports"]

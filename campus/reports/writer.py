"""Render every report of one gate run into a folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from campus.errors import CampusInputError
from campus.reports.assessment import Assessment, assess
from campus.reports.csv_export import render_csv
from campus.reports.findings_json import render_findings_json
from campus.reports.html import render_html
from campus.reports.junit import render_junit
from campus.reports.markdown import render_markdown
from campus.reports.model import GateRun
from campus.reports.oscal_components import build_component_definition
from campus.reports.oscal_results import build_assessment_results
from campus.reports.sarif import render_sarif

Renderer = Callable[[Assessment], str]

RENDERERS: dict[str, tuple[str, Renderer]] = {
    "findings.json": ("findings.json", lambda a: render_findings_json(a.run)),
    "report.html": ("report.html", render_html),
    "report.md": ("report.md", render_markdown),
    "findings.csv": ("findings.csv", lambda a: render_csv(a.run)),
    "findings.sarif": ("findings.sarif", lambda a: render_sarif(a.run)),
    "junit.xml": ("junit.xml", lambda a: render_junit(a.run)),
    "oscal-assessment-results": (
        "oscal/assessment-results.json",
        lambda a: build_assessment_results(a).oscal_serialize_json(pretty=True) + "\n",
    ),
    "oscal-component-definition": (
        "oscal/component-definition.json",
        lambda a: build_component_definition(a.run).oscal_serialize_json(pretty=True) + "\n",
    ),
}


def write_reports(run: GateRun, out_dir: Path) -> dict[str, Path]:
    """Write all reports; returns report name → path (keys as in RENDERERS)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise CampusInputError("the report folder is a file", file=str(out_dir), key="--out")
    assessment = assess(run)
    written: dict[str, Path] = {}
    for name, (relative, render) in RENDERERS.items():
        path = out_dir / relative
        content = render(assessment)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        except OSError as err:
            raise CampusInputError(f"cannot write report ({err.strerror})", file=str(path), key="--out") from None
        written[name] = path
    return written

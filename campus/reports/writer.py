"""Render every report of one gate run into a folder."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from campus.errors import CampusInputError
from campus.reports.assessment import Assessment, assess
from campus.reports.csv_export import render_csv
from campus.reports.findings_json import render_findings_json
from campus.reports.html import render_html
from campus.reports.json_text import pretty_json
from campus.reports.junit import render_junit
from campus.reports.markdown import render_markdown
from campus.reports.model import GateRun
from campus.reports.oscal_components import build_component_definition
from campus.reports.oscal_results import build_assessment_results
from campus.reports.sarif import render_sarif

Renderer = Callable[[Assessment], str | bytes]  # bytes: already UTF-8

RENDERERS: dict[str, tuple[str, Renderer]] = {
    "findings.json": ("findings.json", lambda a: render_findings_json(a.run)),
    "report.html": ("report.html", render_html),
    "report.md": ("report.md", render_markdown),
    "findings.csv": ("findings.csv", lambda a: render_csv(a.run)),
    "findings.sarif": ("findings.sarif", lambda a: render_sarif(a.run)),
    "junit.xml": ("junit.xml", lambda a: render_junit(a.run)),
    "oscal-assessment-results": (
        "oscal/assessment-results.json",
        lambda a: pretty_json(build_assessment_results(a)),
    ),
    "oscal-component-definition": (
        "oscal/component-definition.json",
        lambda a: pretty_json(build_component_definition(a.run)),
    ),
}


def write_reports(run: GateRun, out_dir: Path) -> dict[str, Path]:
    """Write all reports; returns report name → path (keys as in RENDERERS)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise CampusInputError("the report folder is a file", file=str(out_dir), key="--out")
    written: dict[str, Path] = {}
    with _gc_paused():
        assessment = assess(run)
        for name, (relative, render) in RENDERERS.items():
            path = out_dir / relative
            content = render(assessment)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
            except OSError as err:
                raise CampusInputError(f"cannot write report ({err.strerror})", file=str(path), key="--out") from None
            written[name] = path
    return written


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Rendering allocates a few hundred thousand short-lived dicts and strings, which makes the cycle collector
    walk the gate's whole (large) heap again and again; reference counting frees them all anyway."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

"""report.md: the same story as report.html, short enough for a pull-request comment."""

from __future__ import annotations

from campus.reports.assessment import Assessment
from campus.reports.html import EVIDENCE_LIMIT
from campus.reports.model import timestamp
from campus.reports.templating import markdown_environment


def render_markdown(assessment: Assessment) -> str:
    run = assessment.run
    return (
        markdown_environment()
        .get_template("report.md.j2")
        .render(
            a=assessment,
            started=timestamp(run.started),
            finished=timestamp(run.finished),
            waivers=sorted(run.waivers, key=lambda w: (w.status != "expired", w.expires, w.rule_id)),
            limit=EVIDENCE_LIMIT,
        )
    )

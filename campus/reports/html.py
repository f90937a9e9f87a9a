"""report.html: one self-contained page for an auditor (inline CSS and SVG, no script)."""

from __future__ import annotations

from collections import Counter
from importlib.resources import files

from markupsafe import Markup

from campus.findings import SEVERITY_ORDER
from campus.reports.assessment import Assessment
from campus.reports.charts import bar_list, stacked_bar
from campus.reports.model import timestamp
from campus.reports.templating import html_environment

# Beyond this many rows per table the page stops being readable; the full list is in findings.csv/json.
EVIDENCE_LIMIT = 200

CONTROL_LEGEND = (
    ("not-satisfied", "not satisfied"),
    ("waived", "waived"),
    ("satisfied", "satisfied"),
    ("not-assessed", "not assessed"),
)
FINDING_LEGEND = (("fail", "fail"), ("waived", "waived"), ("pass", "pass"))
SEVERITIES = tuple((severity, severity) for severity in SEVERITY_ORDER)


def render_html(assessment: Assessment) -> str:
    run = assessment.run
    blocking: Counter[str] = Counter(finding.severity for finding in assessment.blocking)
    template = html_environment().get_template("report.html.j2")
    return template.render(
        a=assessment,
        css=Markup(files("campus.reports").joinpath("templates/report.css").read_text(encoding="utf-8")),
        started=timestamp(run.started),
        finished=timestamp(run.finished),
        engines=sorted({entry.engine for entry in run.rules} | {f.engine for f in run.findings}),
        rules=sorted(run.rules, key=lambda entry: (entry.engine, entry.rule.id)),
        waivers=sorted(run.waivers, key=lambda w: (w.status != "expired", w.expires, w.rule_id)),
        control_total=sum(len(fw.controls) for fw in assessment.frameworks),
        blocking_by_severity=[(sev, blocking[sev]) for sev in SEVERITY_ORDER if blocking[sev]],
        status_columns=bar_list(assessment.status_counts, FINDING_LEGEND),
        severity_columns=bar_list(assessment.failing_by_severity, SEVERITIES),
        framework_bars=[
            stacked_bar(f"{fw.framework} {fw.version}", fw.counts, CONTROL_LEGEND) for fw in assessment.frameworks
        ],
        stack_bars=[stacked_bar(s.name or "repository files", s.counts, FINDING_LEGEND) for s in assessment.stacks],
        control_legend=CONTROL_LEGEND,
        finding_legend=FINDING_LEGEND,
        evidence_limit=EVIDENCE_LIMIT,
    )

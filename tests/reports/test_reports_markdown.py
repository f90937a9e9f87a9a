from __future__ import annotations

from pathlib import Path

from campus.reports.assessment import assess
from campus.reports.markdown import render_markdown
from tests.reports.reports_sample import sample_findings, sample_run


def test_markdown_tells_verdict_controls_failures_and_waivers(reports: dict[str, Path]) -> None:
    text = reports["report.md"].read_text()
    assert text.startswith("# Compliance gate report: FAILED\n")
    assert "**The gate failed:** 4 mandatory findings failed without an active waiver." in text
    assert "| 2.1.1 | Ensure all S3 buckets employ encryption-at-rest | not satisfied | 1 | 0 | 7 |" in text
    assert "| DynamoDB.2 | DynamoDB tables should have point-in-time recovery enabled | waived | 0 | 1 | 5 |" in text
    assert "| ra-5 | Vulnerability Monitoring and Scanning | not assessed | 0 | 0 | 0 | ecr-scan-on-push |" in text
    assert "| kms-key-rotation | urn:pulumi:dev::\\* | security@campus | 2026-10-01 | **EXPIRED** |" in text


def test_untrusted_text_cannot_break_a_table_row(reports: dict[str, Path]) -> None:
    rows = [line for line in reports["report.md"].read_text().splitlines() if "container broker" in line]
    assert len(rows) == 1
    assert rows[0].count("|") - rows[0].count("\\|") == 5  # four cells, none split by the message's pipe
    assert "<script>" not in rows[0]


def test_a_clean_run_says_so() -> None:
    text = render_markdown(assess(sample_run([f for f in sample_findings() if f.status == "pass"])))
    assert "# Compliance gate report: PASSED" in text
    assert "No failing findings." in text

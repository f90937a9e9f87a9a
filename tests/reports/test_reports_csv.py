from __future__ import annotations

import csv
from pathlib import Path

from campus.reports.csv_export import COLUMNS, render_csv
from tests.reports.reports_sample import sample_findings, sample_run


def test_one_row_per_finding_with_the_stable_columns(reports: dict[str, Path]) -> None:
    with reports["findings.csv"].open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 34
    assert [row["status"] for row in rows[:8]] == ["fail"] * 7 + ["waived"]
    waived = rows[7]
    assert (waived["waiver_owner"], waived["waiver_expires"]) == ("platform-team", "2027-03-31")
    first = rows[0]
    assert first["rule_id"] == "k8s-no-privileged"
    assert first["controls"] == "NIST-800-53 rev5 ac-6; CIS-Kubernetes 1.10.0 5.2.2"


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_defused() -> None:
    finding = sample_findings()[0]
    finding.message = '=HYPERLINK("http://evil","x")'
    (row,) = list(csv.DictReader(render_csv(sample_run([finding])).splitlines()))
    assert row["message"] == "'" + finding.message

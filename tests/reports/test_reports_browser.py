"""report.html as a reader sees it: opened in headless Chromium (Debian package `chromium`) through Playwright.

Assertions read the rendered page (visible text, what is folded away, what loads), not the HTML source.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from campus.reports import GateRun
from tests.browser import OpenedPage, needs_chromium, opened

NIST = "fw-nist-800-53-rev5"

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture(scope="module")
def report(reports: dict[str, Path]) -> Iterator[OpenedPage]:
    with opened(reports["report.html"]) as page:
        yield page


def control(control_id: str) -> str:
    return f'[id="{NIST}-{control_id}"]'


def test_the_page_is_one_self_contained_file_that_runs_nothing(report: OpenedPage, reports: dict[str, Path]) -> None:
    assert report.requests == [reports["report.html"].as_uri()]
    assert report.dialogs == []
    assert report.page.locator("script").count() == 0
    # The hostile message is shown as text, not run.
    assert "<script>alert('x')</script>" in report.text('[id="failing"]')


def test_the_verdict_says_why(report: OpenedPage, run: GateRun) -> None:
    blocking = sum(1 for f in run.findings if f.blocks)
    assert report.text("#verdict") == "Gate FAILED"
    why = report.text('[id="verdict-detail"]')
    assert f"The gate failed: {blocking} mandatory findings failed without an active waiver" in why
    assert "NIST-800-53 rev5:" in why and "controls not satisfied" in why


def test_every_contents_link_leads_to_a_visible_section(report: OpenedPage) -> None:
    targets = report.page.locator("nav.toc a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(targets) >= 10
    for target in targets:
        assert report.page.locator(f'[id="{target[1:]}"]').first.is_visible(), target


def test_a_failing_control_shows_its_evidence_with_file_and_line(report: OpenedPage) -> None:
    row = report.page.locator(f'[id="{NIST}"] table.overview tr', has_text="sc-28.1")
    assert row.locator("td").nth(2).inner_text() == "not satisfied"
    evidence = report.text(control("sc-28.1"))
    assert "urn:pulumi:dev::campus::aws:s3/bucket:Bucket::lab-artifacts" in evidence
    assert "serverSideEncryptionConfiguration is missing" in evidence
    admission = report.text(control("ac-6"))
    assert "apps/lab-broker/base/deployment.yaml:23" in admission


def test_passing_checks_are_folded_until_opened(report: OpenedPage) -> None:
    passing = report.page.locator(control("sc-28.1")).locator("details").first
    hidden_row = passing.locator("tr", has_text="learner-uploads").first
    assert "passing check" in passing.locator("summary").inner_text()
    assert not hidden_row.is_visible()
    passing.locator("summary").click()
    assert hidden_row.is_visible()


def test_a_waived_control_names_owner_expiry_and_reason(report: OpenedPage) -> None:
    row = report.page.locator(f'[id="{NIST}"] table.overview tr', has_text="cp-9")
    assert row.locator("td").nth(2).inner_text() == "waived"
    assert "Waived by platform-team until 2027-03-31: Session data is ephemeral" in report.text(control("cp-9"))
    waivers = report.text('[id="waivers"]')
    assert "expired" in waivers and "security@campus" in waivers


def test_per_stack_sections_and_four_drawn_charts(report: OpenedPage) -> None:
    headings = report.page.locator('[id="stacks"] h3').all_inner_texts()
    assert headings == ["dev", "prod", "Not tied to a stack (repository files)"]
    charts = report.page.locator('[id="summary"] svg')
    assert charts.count() == 4
    for index in range(4):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 50
    assert "Findings by status" in report.text('[id="summary"]')


def test_the_page_renders_to_a_screenshot(report: OpenedPage, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    report.page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000  # a blank page compresses to a few kilobytes

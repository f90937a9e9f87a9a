from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from campus.reports.assessment import assess
from campus.reports.html import render_html
from tests.reports.reports_sample import XSS, sample_findings, sample_run


class Outline(HTMLParser):
    """What a reader gets: tags used, attributes that could fetch something, and visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.fetching: list[tuple[str, str]] = []
        self.ids: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
            if name in {"src", "href", "srcset", "data", "action"} and value and not value.startswith("#"):
                self.fetching.append((tag, value))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def page(reports: dict[str, Path]) -> str:
    return reports["report.html"].read_text()


@pytest.fixture(scope="module")
def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    return parser


def test_the_page_is_self_contained(page: str, outline: Outline) -> None:
    assert outline.fetching == []
    assert "script" not in outline.tags and "link" not in outline.tags and "img" not in outline.tags
    assert "@import" not in page and "url(" not in page
    assert outline.tags.count("svg") >= 3
    assert len(outline.ids) == len(set(outline.ids))


def test_untrusted_text_is_escaped(page: str, outline: Outline) -> None:
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert any(XSS in chunk for chunk in outline.text)  # the reader still sees the message as written


def test_scope_verdict_and_reasons_are_up_front(page: str) -> None:
    header = page[: page.index('id="summary"')]
    assert "Gate FAILED" in header
    assert "4 mandatory findings failed without an active waiver" in header
    assert "(1 critical, 2 high, 1 medium)" in header
    assert "3f2c1a9e8b7d6c5f4e3d2c1b0a99887766554433" in header
    assert "stacks/Pulumi.prod.yaml" in header
    assert "1 waiver has expired" in header


def test_failing_findings_with_remediation_come_before_the_control_catalog(page: str) -> None:
    failing = page.index('id="failing"')
    assert failing < page.index('id="fw-nist-800-53-rev5"')
    assert page.index("Remediation:") > failing
    assert page.index("k8s-no-privileged", failing) < page.index("vpc-flow-logs", failing)


def test_each_control_shows_status_and_passes_are_collapsed(page: str) -> None:
    section = page[page.index('id="fw-nist-800-53-rev5"') : page.index('id="stacks"')]
    assert re.search(
        r"<code>ra-5</code> Vulnerability Monitoring and Scanning <span class=\"badge s-not-assessed\">",
        section,
    )
    assert re.search(r"<code>cp-9</code> System Backup <span class=\"badge s-waived\">waived</span>", section)
    assert "<summary>9 passing checks</summary>" in section  # sc-28.1: S3 buckets and Aurora clusters


def test_expired_waivers_are_highlighted(page: str) -> None:
    rows = re.findall(r'<tr class="(\w+)"><td><code>([\w-]+)</code>', page)
    assert rows == [("expired", "kms-key-rotation"), ("active", "dynamodb-pitr")]


def test_a_clean_run_reads_as_passed() -> None:
    page = render_html(assess(sample_run([f for f in sample_findings() if f.status == "pass"])))
    assert "Gate PASSED" in page and "No failing findings." in page


def test_long_evidence_lists_are_cut_with_a_pointer_to_the_full_data() -> None:
    base = sample_findings()[0]
    many = [base.model_copy(update={"resource": f"{base.resource}-{i}"}) for i in range(250)]
    page = render_html(assess(sample_run(many)))
    assert "50 more are listed in findings.csv and findings.json." in page

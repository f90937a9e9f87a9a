from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def junit(reports: dict[str, Path]) -> ET.Element:
    return ET.parse(reports["junit.xml"]).getroot()


def test_one_suite_per_engine_with_consistent_counts(junit: ET.Element) -> None:
    suites = {suite.get("name", ""): suite for suite in junit.iter("testsuite")}
    assert sorted(suites) == ["admission", "ansible-lint", "checkov", "crossguard"]
    for suite in suites.values():
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "-1")) == len(cases)
        assert int(suite.get("failures", "-1")) == sum(1 for c in cases if c.find("failure") is not None)
        assert int(suite.get("skipped", "-1")) == sum(1 for c in cases if c.find("skipped") is not None)
    assert (junit.get("tests"), junit.get("failures"), junit.get("skipped")) == ("34", "7", "1")


def test_a_failure_carries_message_location_and_remediation(junit: ET.Element) -> None:
    (case,) = [
        c
        for c in junit.iter("testcase")
        if c.get("classname") == "admission.k8s-no-privileged" and c.find("failure") is not None
    ]
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message", "").startswith("container broker is privileged <script>")
    assert failure.get("type") == "critical/mandatory"
    assert "at apps/lab-broker/base/deployment.yaml:23" in (failure.text or "")
    assert "remediation: Fix:" in (failure.text or "")


def test_a_waived_finding_is_skipped_with_its_waiver(junit: ET.Element) -> None:
    (case,) = [c for c in junit.iter("testcase") if c.find("skipped") is not None]
    assert case.get("name") == "dev: urn:pulumi:dev::campus::aws:dynamodb/table:Table::sessions"
    skipped = case.find("skipped")
    assert skipped is not None
    assert skipped.get("message") == "waived: Session data is ephemeral (owner platform-team, expires 2027-03-31)"

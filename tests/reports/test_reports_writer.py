from __future__ import annotations

import gc
import json
import re
from pathlib import Path

import jsonschema
import pytest

from campus.errors import CampusInputError
from campus.findings import findings_document
from campus.reports import GateRun, write_reports
from campus.reports.findings_json import findings_schema
from tests.reports.reports_sample import sample_run

EXPECTED = {
    "findings.json": "findings.json",
    "report.html": "report.html",
    "report.md": "report.md",
    "findings.csv": "findings.csv",
    "findings.sarif": "findings.sarif",
    "junit.xml": "junit.xml",
    "oscal-assessment-results": "oscal/assessment-results.json",
    "oscal-component-definition": "oscal/component-definition.json",
}


def test_every_report_is_written_where_the_map_says(reports: dict[str, Path]) -> None:
    out_dir = reports["findings.json"].parent
    assert {name: path.relative_to(out_dir).as_posix() for name, path in reports.items()} == EXPECTED
    assert all(path.stat().st_size > 0 for path in reports.values())


def test_the_same_run_renders_byte_identical_reports(reports: dict[str, Path], tmp_path: Path) -> None:
    again = write_reports(sample_run(), tmp_path)
    for name, path in reports.items():
        assert again[name].read_bytes() == path.read_bytes(), name


def test_findings_json_is_the_shared_document_and_matches_its_schema(reports: dict[str, Path], run: GateRun) -> None:
    document = json.loads(reports["findings.json"].read_text())
    assert document == json.loads(json.dumps(findings_document(run.findings)))
    jsonschema.Draft202012Validator.check_schema(findings_schema())
    jsonschema.validate(document, findings_schema(), cls=jsonschema.Draft202012Validator)
    assert document["summary"]["blocking"] == 4


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("findings", 0, "status"), "maybe"),
        (("findings", 0, "line"), 0),
        (("findings", 0, "controls", 0, "id"), ""),
        (("summary", "by_status", "unknown"), 1),
        (("version",), 2),
    ],
)
def test_findings_schema_rejects_documents_that_break_the_contract(
    reports: dict[str, Path], path: tuple[str | int, ...], value: object
) -> None:
    document = json.loads(reports["findings.json"].read_text())
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, findings_schema(), cls=jsonschema.Draft202012Validator)


def test_a_file_in_place_of_the_folder_is_bad_input(tmp_path: Path) -> None:
    blocker = tmp_path / "reports"
    blocker.write_text("")
    with pytest.raises(CampusInputError, match=r"reports: --out: the report folder is a file"):
        write_reports(sample_run(), blocker)


def test_waivers_and_titles_may_be_given_as_plain_data(run: GateRun) -> None:
    again = GateRun.model_validate(
        run.model_dump() | {"control_title": {("NIST-800-53", "rev5", "cp-9"): "System Backup"}}
    )
    assert again.waivers == run.waivers
    assert again.title_of(run.rules[2].rule.controls[0]) == "System Backup"


def test_the_documented_example_is_valid_against_the_schema() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "findings-schema.md").read_text()
    (example,) = re.findall(r"```json\n(.*?)```", doc, flags=re.DOTALL)
    jsonschema.validate(json.loads(example), findings_schema(), cls=jsonschema.Draft202012Validator)


def test_a_run_without_rules_or_findings_still_renders_every_report(run: GateRun, tmp_path: Path) -> None:
    empty = run.model_copy(update={"findings": [], "rules": [], "waivers": []})
    written = write_reports(empty, tmp_path)
    assert "Gate PASSED" in written["report.html"].read_text()
    results = json.loads(written["oscal-assessment-results"].read_text())["assessment-results"]["results"]
    assert [result["title"] for result in results] == ["No controls reviewed"]


def test_the_cycle_collector_is_back_to_how_it_was_after_writing(run: GateRun, tmp_path: Path) -> None:
    assert gc.isenabled()
    write_reports(run, tmp_path / "enabled")
    assert gc.isenabled()
    gc.disable()
    try:
        write_reports(run, tmp_path / "disabled")
        assert not gc.isenabled()
    finally:
        gc.enable()

"""The OSCAL documents are built as plain dicts: prove they are exactly what compliance-trestle would write."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from trestle.core.base_model import OscalBaseModel
from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.component import ComponentDefinition

from campus.findings import ControlRef, Finding
from campus.reports import GateRun, write_reports
from campus.reports.oscal_common import CAMPUS_UUID_NAMESPACE, stable_uuid
from tests.reports.reports_sample import S3_ENCRYPTION, sample_run

DOCUMENTS: dict[str, type[OscalBaseModel]] = {
    "oscal-assessment-results": AssessmentResults,
    "oscal-component-definition": ComponentDefinition,
}


def odd_run() -> GateRun:
    """Everything the sample run lacks: no stack, no file, blank waiver fields, a repeated check, local times."""
    run = sample_run()
    odd = [
        Finding.from_rule(
            S3_ENCRYPTION, engine="crossguard", status="waived", resource="urn:pulumi:x::campus::b::é 中文",
            message="", stack=None,
        ),
        Finding.from_rule(
            S3_ENCRYPTION, engine="crossguard", status="fail", resource="bucket", message="multi\nline \x1b😀",
            file="a.py",
        ),
    ]  # fmt: skip
    odd[0].waiver = {"owner": "x", "expires": " ", "reason": " two\nlines ", "id": "w-1"}
    local = timezone(timedelta(hours=-5))
    return run.model_copy(
        update={
            "findings": [*run.findings, *odd, odd[1].model_copy()],
            "started": datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=local),
            "finished": datetime(2026, 1, 2, 3, 5, 5, tzinfo=local),
            "stacks": [],
            "git_commit": None,
            "inputs": ["stacks/dev", "apps/ catalog"],
        }
    )


RUNS: dict[str, Callable[[], GateRun]] = {
    "sample": sample_run,
    "odd": odd_run,
    "empty": lambda: sample_run().model_copy(update={"findings": [], "rules": [], "waivers": []}),
    "no findings": lambda: sample_run([]),
}


@pytest.mark.parametrize("name", DOCUMENTS)
@pytest.mark.parametrize("make_run", RUNS.values(), ids=RUNS.keys())
def test_trestle_reads_each_document_back_and_writes_the_same_bytes(
    name: str, make_run: Callable[[], GateRun], tmp_path: Path
) -> None:
    written = write_reports(make_run(), tmp_path)[name].read_text(encoding="utf-8")
    ((root, body),) = json.loads(written).items()
    model = DOCUMENTS[name].model_validate(body)
    assert model.oscal_serialize_json(pretty=True) + "\n" == written
    assert root == next(iter(model.oscal_dict()))


def test_a_resource_that_cannot_be_an_oscal_title_fails_the_report(tmp_path: Path) -> None:
    broken = Finding.from_rule(S3_ENCRYPTION, engine="crossguard", status="fail", resource="two\nlines", message="m")
    with pytest.raises(ValueError, match=r"not a valid OSCAL title .*'s3-default-encryption: two\\nlines'"):
        write_reports(sample_run([broken]), tmp_path)


def test_a_waiver_key_that_cannot_be_a_prop_name_fails_the_report(tmp_path: Path) -> None:
    waived = Finding.from_rule(S3_ENCRYPTION, engine="crossguard", status="waived", resource="b", message="m")
    waived.waiver = {"ticket id": "SEC-1"}
    with pytest.raises(ValueError, match=r"not a valid OSCAL token: 'waiver-ticket id'"):
        write_reports(sample_run([waived]), tmp_path)


def test_a_control_id_that_cannot_be_a_token_fails_the_report(tmp_path: Path) -> None:
    odd_framework = S3_ENCRYPTION.model_copy(update={"controls": (ControlRef(framework="9x", version="1", id="1"),)})
    finding = Finding.from_rule(odd_framework, engine="crossguard", status="pass", resource="b", message="m")
    with pytest.raises(ValueError, match=r"not a valid OSCAL token: '9x-1'"):
        write_reports(sample_run([finding]), tmp_path)


@pytest.mark.parametrize("parts", [(), ("",), ("a", "b"), ("run", "é 中文 😀", "x\x1fy")])
def test_stable_uuids_are_the_stdlib_uuid5(parts: tuple[str, ...]) -> None:
    assert stable_uuid(*parts) == str(uuid.uuid5(CAMPUS_UUID_NAMESPACE, "\x1f".join(parts)))


def test_whole_second_times_are_written_without_milliseconds(tmp_path: Path) -> None:
    run = sample_run().model_copy(update={"finished": datetime(2026, 11, 22, 7, 0, 0, tzinfo=UTC)})
    text = write_reports(run, tmp_path)["oscal-component-definition"].read_text()
    assert '"last-modified": "2026-11-22T07:00:00+00:00"' in text

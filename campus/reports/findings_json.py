"""findings.json: the stable, documented machine output (schema version 1, see docs/findings-schema.md)."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from campus.findings import findings_document
from campus.reports.json_text import pretty_json
from campus.reports.model import GateRun


def findings_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        files("campus.reports").joinpath("findings.schema.json").read_text(encoding="utf-8")
    )
    return schema


def render_findings_json(run: GateRun) -> bytes:
    return pretty_json(findings_document(run.findings))

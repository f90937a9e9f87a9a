from __future__ import annotations

from pathlib import Path

import pytest

from campus.reports import GateRun, write_reports
from tests.reports.reports_sample import sample_run


@pytest.fixture(scope="session")
def run() -> GateRun:
    return sample_run()


@pytest.fixture(scope="session")
def reports(run: GateRun, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """All reports of the sample run, rendered once for the whole session (tests only read them)."""
    return write_reports(run, tmp_path_factory.mktemp("reports"))

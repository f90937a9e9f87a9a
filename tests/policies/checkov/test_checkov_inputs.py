"""Bad input and missing prerequisites stop with one line naming the file and key; no network is needed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, cast

import pytest

from campus.analyses import checkov_env
from campus.analyses.checkov import CheckovTarget, run_checkov, scan_request
from campus.errors import CampusInputError

FIXTURES = Path(__file__).parent / "fixtures"


def test_unknown_framework_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CampusInputError, match=r": framework: unknown checkov framework 'kustomize'"):
        CheckovTarget(cast(Any, "kustomize"), tmp_path)


def test_missing_target_path_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "rendered"
    with pytest.raises(CampusInputError) as err:
        CheckovTarget("kubernetes", missing)
    assert str(err.value) == f"{missing}: checkov kubernetes target: does not exist"


def test_malformed_manifest_is_reported_not_skipped(tmp_path: Path) -> None:
    # checkov itself skips a manifest it cannot parse and reports nothing (a real run shows it).
    (tmp_path / "ok.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n")
    (tmp_path / "broken.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {app: [x\n")
    with pytest.raises(CampusInputError) as err:
        run_checkov([CheckovTarget("kubernetes", tmp_path)], root=tmp_path)
    assert str(err.value).startswith("broken.yaml: line 5: malformed YAML")


def test_missing_uv_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    monkeypatch.delenv("UV", raising=False)
    checkov_env.checkov_python.cache_clear()
    try:
        with pytest.raises(CampusInputError, match=r"^tools/checkov/pyproject.toml: uv is not installed: "):
            checkov_env.checkov_python()
    finally:
        checkov_env.checkov_python.cache_clear()


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("unshare") is None, reason="needs root and unshare")
def test_the_runner_works_with_no_network_at_all() -> None:
    """checkov's CLI without --skip-download prints a traceback offline; the runner must not even try."""
    request = scan_request([CheckovTarget("kubernetes", FIXTURES / "kubernetes")])
    done = subprocess.run(
        ["unshare", "--net", str(checkov_env.checkov_python()), str(checkov_env.RUNNER_SCRIPT)],
        input=json.dumps(request), capture_output=True, text=True, check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    records = json.loads(done.stdout)["results"][0]["records"]
    assert any(r["check_id"] == "CKV_K8S_16" and r["result"] == "FAILED" for r in records)

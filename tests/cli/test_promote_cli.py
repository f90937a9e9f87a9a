"""`campus promote` changes only the image pin of the target overlay and shows the diff."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., tuple[int, str, str]]


def copy_service(repo_root: Path, tmp_path: Path, service: str) -> Path:
    shutil.copy(repo_root / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copytree(repo_root / "apps" / service, tmp_path / "apps" / service)
    return tmp_path / "apps" / service / "overlays"


def test_promote_changes_exactly_the_image_pin(run_cli: Cli, repo_root: Path, tmp_path: Path) -> None:
    overlays = copy_service(repo_root, tmp_path, "quiz")
    staging = (overlays / "staging/kustomization.yaml").read_text()
    before = (overlays / "prod/kustomization.yaml").read_text().splitlines()
    code, out, err = run_cli("promote", "--service", "quiz", "--from", "staging", "--to", "prod", cwd=tmp_path)
    assert code == 0, err
    after = (overlays / "prod/kustomization.yaml").read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1
    assert changed[0][1].strip() in [line.strip() for line in staging.splitlines()]
    assert "777788889999.dkr.ecr" in "\n".join(after)  # prod keeps pulling from its own registry
    assert out.startswith("--- a/apps/quiz/overlays/prod/kustomization.yaml")
    code, out, _ = run_cli("promote", "--service", "quiz", "--from", "staging", "--to", "prod", cwd=tmp_path)
    assert code == 0 and "nothing to change" in out


def test_dry_run_writes_nothing(run_cli: Cli, repo_root: Path, tmp_path: Path) -> None:
    overlays = copy_service(repo_root, tmp_path, "quiz")
    before = (overlays / "prod/kustomization.yaml").read_bytes()
    code, out, _ = run_cli("promote", "--service", "quiz", "--from", "staging", "--to", "prod", "--dry-run",
                           cwd=tmp_path)
    assert code == 0 and "+    newTag" in out and "dry run" in out
    assert (overlays / "prod/kustomization.yaml").read_bytes() == before


def test_unknown_service_or_environment_is_bad_input(run_cli: Cli, repo_root: Path, tmp_path: Path) -> None:
    copy_service(repo_root, tmp_path, "quiz")
    code, _, err = run_cli("promote", "--service", "quiz", "--from", "qa", "--to", "prod", cwd=tmp_path)
    assert code == 2 and err.startswith("campus: --from: unknown environment 'qa'")
    code, _, err = run_cli("promote", "--service", "billing", "--from", "staging", "--to", "prod", cwd=tmp_path)
    assert code == 2 and err.startswith("campus: apps/billing/overlays/staging/kustomization.yaml: ")


def _deny(monkeypatch: pytest.MonkeyPatch, method: str, suffix: str) -> None:
    """Path.<method> raises PermissionError for paths ending in `suffix`, as for a user who may not read them."""
    original = getattr(Path, method)

    def denied(self: Path, *args: Any, **kwargs: Any) -> Any:
        if str(self).endswith(suffix):
            raise PermissionError(13, "Permission denied", str(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, method, denied)


@pytest.mark.parametrize(("method", "suffix", "expected"), [
    ("read_bytes", "prod/kustomization.yaml",
     "apps/quiz/overlays/prod/kustomization.yaml: cannot read the file (Permission denied)"),
    ("read_bytes", "staging/kustomization.yaml",
     "apps/quiz/overlays/staging/kustomization.yaml: cannot read the file (Permission denied)"),
    # A folder that may not be searched: is_file() raises instead of answering False.
    ("is_file", "prod/kustomization.yaml",
     "apps/quiz/overlays/prod/kustomization.yaml: cannot read the overlay (Permission denied)"),
    ("write_text", "prod/kustomization.yaml",
     "apps/quiz/overlays/prod/kustomization.yaml: cannot write the file (Permission denied)"),
])
def test_an_overlay_it_may_not_read_or_write_is_one_line(run_cli: Cli, repo_root: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch, method: str, suffix: str,
                                                         expected: str) -> None:
    overlays = copy_service(repo_root, tmp_path, "quiz")
    before = (overlays / "prod/kustomization.yaml").read_bytes()
    _deny(monkeypatch, method, suffix)
    code, _, err = run_cli("promote", "--service", "quiz", "--from", "staging", "--to", "prod", cwd=tmp_path)
    assert (code, err) == (2, f"campus: {expected}\n")
    monkeypatch.undo()
    assert (overlays / "prod/kustomization.yaml").read_bytes() == before

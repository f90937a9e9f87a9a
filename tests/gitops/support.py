"""Helpers for GitOps tests: the repository root and copies of parts of it that a test may break."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def copy_tree(destination: Path, *parts: str) -> Path:
    """Copy parts of the repository (e.g. "apps", "gitops") into `destination`, which then acts as a root."""
    for part in parts:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        else:
            (destination / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / part)
    return destination


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of `old`; a fixture edit that misses must fail loudly, not silently pass."""
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new))

"""Outputs (of the gate, of synth) reach --out all at once or not at all: everything is written to a staging
folder inside it first, and moved into place file by file only when the run finished. Bad input leaves --out as it
was."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from campus.errors import CampusInputError

# Folders that belong to the gate alone: replaced as a whole, so no file of an earlier run lingers in them.
OWNED_FOLDERS = ("rendered",)


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A fresh folder inside `out` to write to; published into `out` when the block ends without an error."""
    if out.exists() and not out.is_dir():
        raise CampusInputError("not a folder", file=str(out), key="--out")
    created = _first_missing(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        # Not a dot-folder: checkov skips hidden folders, and it scans the rendered manifests written here.
        stage = Path(tempfile.mkdtemp(prefix="staging-", dir=out))
    except OSError as err:
        raise CampusInputError(f"cannot write there ({err.strerror})", file=str(out), key="--out") from None
    try:
        yield stage
        publish(stage, out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)
        raise


def publish(stage: Path, out: Path) -> None:
    files = sorted(p for p in stage.rglob("*") if not p.is_dir())
    replaced = [name for name in OWNED_FOLDERS if (stage / name).is_dir() and (out / name).is_dir()]
    # Everything that could stop the move is checked first, so a refused publish leaves --out as it was.
    for source in files:
        relative = source.relative_to(stage)
        if relative.parts[0] in replaced:
            continue
        target = out / relative
        blocking = next((parent for parent in reversed(target.parents) if parent.is_relative_to(out)
                         and parent != out and parent.exists() and not parent.is_dir()), None)
        if target.is_dir() or blocking is not None:
            raise CampusInputError(f"{blocking or target} is in the way of {relative}", file=str(out), key="--out")
    for name in replaced:
        shutil.rmtree(out / name)
    for source in files:
        target = out / source.relative_to(stage)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
    shutil.rmtree(stage)


def _first_missing(path: Path) -> Path | None:
    """The outermost folder of `path` that does not exist yet (what creating it would add), or None."""
    missing = None
    for candidate in (path, *path.parents):
        if candidate.exists():
            break
        missing = candidate
    return missing

"""campus.staging: --out gets a run's outputs all at once, or keeps what it had."""

from __future__ import annotations

from pathlib import Path

import pytest

from campus.errors import CampusInputError
from campus.staging import staged


def test_a_failed_run_leaves_out_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "rendered").mkdir(parents=True)
    (out / "rendered" / "old.yaml").write_text("old")
    with pytest.raises(CampusInputError), staged(out) as stage:
        (stage / "rendered").mkdir()
        (stage / "rendered" / "new.yaml").write_text("new")
        (stage / "report.html").write_text("half")
        raise CampusInputError("bad input found late", file="policies/waivers.yaml")
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == ["rendered", "rendered/old.yaml"]


def test_a_finished_run_replaces_its_own_folders_and_keeps_other_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "rendered" / "prod").mkdir(parents=True)
    (out / "rendered" / "prod" / "stale.yaml").write_text("from an earlier --all run")
    (out / "notes.txt").write_text("the user's")
    (out / "report.html").write_text("old report")
    with staged(out) as stage:
        (stage / "rendered" / "dev").mkdir(parents=True)
        (stage / "rendered" / "dev" / "apps.yaml").write_text("new")
        (stage / "report.html").write_text("new report")
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert files == ["notes.txt", "rendered/dev/apps.yaml", "report.html"]
    assert (out / "report.html").read_text() == "new report"


def test_out_that_is_a_file_is_bad_input(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "README.md"
    not_a_folder.write_text("x")
    with pytest.raises(CampusInputError, match=r"README.md: --out: not a folder"), staged(not_a_folder):
        pass


def test_an_out_folder_the_failed_run_created_is_removed_again(tmp_path: Path) -> None:
    out = tmp_path / "fresh" / "out"
    with pytest.raises(CampusInputError), staged(out) as stage:
        (stage / "report.html").write_text("half")
        raise CampusInputError("bad input found late")
    assert not out.exists()


@pytest.mark.parametrize("obstacle", ["folder-where-a-file-goes", "file-where-a-folder-goes"])
def test_something_in_the_way_is_bad_input_and_nothing_moves(tmp_path: Path, obstacle: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    if obstacle == "folder-where-a-file-goes":
        (out / "findings.json").mkdir()
    else:
        (out / "dev").write_text("a file")
    with pytest.raises(CampusInputError, match=r"--out: .* is in the way of"), staged(out) as stage:
        (stage / "report.html").write_text("new")
        (stage / "findings.json").write_text("{}")
        (stage / "dev").mkdir()
        (stage / "dev" / "graph.json").write_text("{}")
    assert not (out / "report.html").exists()
    assert [p.name for p in out.iterdir() if p.name.startswith("staging-")] == []


def test_every_folder_a_failed_run_created_is_removed(tmp_path: Path) -> None:
    with pytest.raises(CampusInputError), staged(tmp_path / "new" / "a" / "b"):
        raise CampusInputError("late")
    assert list(tmp_path.iterdir()) == []

"""Promotion edits only the image pin of the target overlay and keeps everything else byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from campus.errors import CampusInputError
from campus.gitops import build_overlay, promote
from tests.gitops.support import copy_tree, edit


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_tree(tmp_path, "apps/components", "apps/quiz")


def changed_lines(diff: str) -> list[str]:
    return [line for line in diff.splitlines()
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_promote_changes_only_the_image_tag(root: Path) -> None:
    target = root / "apps/quiz/overlays/prod/kustomization.yaml"
    edit(target, "images:\n", "# promoted by campus promote\nimages:  # pinned per environment\n")
    before = target.read_text()
    diff = promote(root, "quiz", "staging", "prod", dry_run=False)
    assert changed_lines(diff) == ['-    newTag: "1.3.1"', '+    newTag: "1.3.2"']
    after = target.read_text()
    assert after == before.replace('newTag: "1.3.1"', 'newTag: "1.3.2"')
    images = {c["image"] for m in build_overlay(target.parent, root) if m.kind == "Deployment"
              for c in m.doc["spec"]["template"]["spec"]["containers"]}
    assert images == {"777788889999.dkr.ecr.us-east-1.amazonaws.com/campus/quiz:1.3.2"}


def test_dry_run_writes_nothing(root: Path) -> None:
    target = root / "apps/quiz/overlays/prod/kustomization.yaml"
    before = target.read_text()
    assert changed_lines(promote(root, "quiz", "staging", "prod", dry_run=True))
    assert target.read_text() == before


def test_promoting_the_same_pin_is_a_no_op(root: Path) -> None:
    assert promote(root, "quiz", "prod", "learner-lab", dry_run=False) == ""


def test_digest_pin_replaces_the_tag(root: Path) -> None:
    digest = "sha256:" + "ab" * 32
    edit(root / "apps/quiz/overlays/staging/kustomization.yaml", 'newTag: "1.3.2"', f'digest: "{digest}"')
    diff = promote(root, "quiz", "staging", "prod", dry_run=False)
    assert changed_lines(diff) == ['-    newTag: "1.3.1"', f'+    digest: "{digest}"']


def test_unpinned_source_is_refused(root: Path) -> None:
    edit(root / "apps/quiz/overlays/staging/kustomization.yaml", 'newTag: "1.3.2"', "newTag: latest")
    with pytest.raises(CampusInputError, match=r"apps/quiz/overlays/staging/kustomization\.yaml: images"):
        promote(root, "quiz", "staging", "prod", dry_run=True)


@pytest.mark.parametrize(("service", "source", "target", "message"), [
    ("quiz", "staging", "qa", "--to: unknown environment 'qa'"),
    ("quiz", "prod", "prod", "same"),
    ("nope", "staging", "prod", "apps/nope/overlays/staging/kustomization.yaml: no overlay"),
])
def test_bad_input_is_one_line(root: Path, service: str, source: str, target: str, message: str) -> None:
    with pytest.raises(CampusInputError, match=message) as caught:
        promote(root, service, source, target, dry_run=True)
    assert "\n" not in str(caught.value)


def test_missing_images_entry_names_file_and_key(root: Path) -> None:
    edit(root / "apps/quiz/overlays/prod/kustomization.yaml", "- name: campus/quiz", "- name: campus/other")
    with pytest.raises(CampusInputError, match=r"prod/kustomization.yaml: images\[campus/quiz\]"):
        promote(root, "quiz", "staging", "prod", dry_run=True)

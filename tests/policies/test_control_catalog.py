"""The shipped control catalog: what it covers, how it rejects bad files, and that every rule resolves in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from campus.analyses.crossguard import pack_rules
from campus.controls import CATALOG_ROOT, load_catalog, shipped_catalog, unknown_controls
from campus.errors import CampusInputError
from campus.findings import ControlRef

NIST_EXPECTED = [
    *("ac-2", "ac-3", "ac-4", "ac-6", "ac-6.1", "ac-6.2", "ac-6.9", "ac-6.10", "ac-17"),
    *("au-2", "au-3", "au-6", "au-9", "au-11", "au-12", "cm-2", "cm-6", "cm-7", "cm-8"),
    *("cp-9", "cp-10", "cp-10.2", "ia-2", "ia-5", "ra-5", "sa-10", "sr-3"),
    *("sc-5", "sc-7", "sc-7.3", "sc-7.4", "sc-8", "sc-8.1", "sc-12", "sc-12.2", "sc-13", "sc-28", "sc-28.1", "sc-39"),
    *("si-2", "si-4", "si-4.17", "si-7"),
]


def nist(control_id: str) -> ControlRef:
    return ControlRef(framework="NIST-800-53", version="rev5", id=control_id)


def test_catalog_holds_every_framework_version_campus_maps_to() -> None:
    assert shipped_catalog().frameworks() == [
        ("AWS-FSBP", "1.0.0"),
        ("CIS-AWS-Foundations", "1.5.0"),
        ("CIS-AWS-Foundations", "3.0.0"),
        ("CIS-AWS-Foundations", "5.0.0"),
        ("CIS-EKS", "1.5.0"),
        ("CIS-Kubernetes", "1.10.0"),
        ("NIST-800-53", "rev5"),
    ]


def test_catalog_covers_the_nist_controls_engines_use() -> None:
    assert unknown_controls([nist(i) for i in NIST_EXPECTED]) == []


def test_cis_ids_keep_the_meaning_of_their_version() -> None:
    catalog = shipped_catalog()

    def cis(version: str, control_id: str) -> str:
        return catalog.title(ControlRef(framework="CIS-AWS-Foundations", version=version, id=control_id))

    assert cis("1.5.0", "2.1.1") == "Ensure all S3 buckets employ encryption-at-rest"
    assert cis("3.0.0", "2.1.1") == "Ensure S3 Bucket Policy is set to deny HTTP requests"
    assert "KMS" not in cis("3.0.0", "3.8") and "rotation" in cis("1.5.0", "3.8")
    assert "rotation" in cis("5.0.0", "3.6")


def test_kubernetes_section_5_is_present() -> None:
    catalog = shipped_catalog()
    ids = {c.id for c in catalog.framework("CIS-Kubernetes", "1.10.0").controls}
    assert {"5.1.1", "5.1.5", "5.1.6", "5.2.2", "5.2.6", "5.2.7", "5.3.2", "5.4.1", "5.7.2", "5.7.3", "5.7.4"} <= ids
    assert catalog.title(ControlRef(framework="CIS-Kubernetes", version="1.10.0", id="5.2.2")) == (
        "Minimize the admission of privileged containers"
    )


def test_title_and_has() -> None:
    catalog = shipped_catalog()
    assert catalog.title(nist("sc-28.1")) == "Cryptographic Protection"
    assert catalog.has(ControlRef(framework="AWS-FSBP", version="1.0.0", id="S3.5"))
    assert not catalog.has(ControlRef(framework="AWS-FSBP", version="9.9.9", id="S3.5"))
    with pytest.raises(KeyError):
        catalog.title(nist("zz-1"))


def test_unknown_controls_returns_each_unresolved_ref_once() -> None:
    bogus = nist("sc-999")
    wrong_version = ControlRef(framework="CIS-AWS-Foundations", version="2.0.0", id="2.1.1")
    assert unknown_controls([nist("sc-28"), bogus, wrong_version, bogus]) == [bogus, wrong_version]


def test_every_crossguard_rule_control_resolves() -> None:
    unresolved = {meta.id: unknown_controls(meta.controls) for meta in pack_rules() if unknown_controls(meta.controls)}
    assert unresolved == {}


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


GOOD = "framework: X\nversion: '1'\ntitle: X 1\nsource: test\ncontrols:\n  - {id: a-1, title: A}\n"


def test_bad_files_fail_with_file_and_key(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.yaml", GOOD.replace("title: A", "title: ''"))
    with pytest.raises(CampusInputError) as raised:
        load_catalog(tmp_path)
    assert str(raised.value).startswith(f"{path}: controls.0.title: ")


def test_duplicate_ids_and_versions_are_rejected(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", GOOD + "  - {id: a-1, title: again}\n")
    with pytest.raises(CampusInputError, match=r"controls\.1\.id: duplicate control id 'a-1'"):
        load_catalog(tmp_path)
    _write(tmp_path, "a.yaml", GOOD)
    _write(tmp_path, "b.yaml", GOOD)
    with pytest.raises(CampusInputError, match=r"version: X 1 is also defined in a\.yaml"):
        load_catalog(tmp_path)


def test_empty_or_invalid_catalog_folder(tmp_path: Path) -> None:
    with pytest.raises(CampusInputError, match="no control catalog files"):
        load_catalog(tmp_path)
    _write(tmp_path, "a.yaml", "framework: [unclosed\n")
    with pytest.raises(CampusInputError, match=r"a\.yaml: line 2: malformed YAML"):
        load_catalog(tmp_path)


def test_shipped_catalog_is_the_default_root() -> None:
    assert len(load_catalog()) == len(shipped_catalog()) > 400
    assert CATALOG_ROOT.name == "controls"

"""policies/checkov/mapping.yaml: complete for campus checks, well-formed, a clear default for the rest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from campus.analyses.checkov import checkov_catalog, checkov_rules
from campus.analyses.checkov_mapping import MAPPING_FILE, load_mapping
from campus.controls import unknown_controls
from campus.errors import CampusInputError
from campus.findings import ControlRef

NIST_ID = r"^[a-z]{2}-\d+(\.\d+)?$"


def test_every_mapped_rule_is_complete_and_uses_the_agreed_frameworks() -> None:
    rules = checkov_rules()
    assert len(rules) == len(load_mapping().checks) >= 70
    versions = {"NIST-800-53": {"rev5"}, "CIS-Kubernetes": {"1.10.0"}, "AWS-FSBP": {"1.0.0"}}
    for rule in rules:
        assert rule.title and rule.remediation, rule.id
        for control in rule.controls:
            assert control.version in versions.get(control.framework, set()), f"{rule.id}: {control}"
            if control.framework == "NIST-800-53":
                assert re.match(NIST_ID, control.id), f"{rule.id}: {control}"


def test_pod_security_checks_map_to_their_cis_kubernetes_ids() -> None:
    mapping = load_mapping()
    expected = {
        "CKV_K8S_16": "5.2.2",
        "CKV_K8S_17": "5.2.3",
        "CKV_K8S_18": "5.2.4",
        "CKV_K8S_19": "5.2.5",
        "CKV_K8S_20": "5.2.6",
        "CKV_K8S_23": "5.2.7",
        "CKV_K8S_28": "5.2.8",
        "CKV_K8S_25": "5.2.9",
        "CKV_K8S_37": "5.2.10",
        "CKV_CAMPUS_K8S_5": "5.2.11",
        "CKV_K8S_26": "5.2.13",
    }
    for check_id, cis_id in expected.items():
        assert (
            ControlRef(framework="CIS-Kubernetes", version="1.10.0", id=cis_id)
            in mapping.rule(check_id).controls
        )


def test_an_unmapped_check_gets_the_documented_default() -> None:
    rule = load_mapping().rule("CKV_K8S_9999", "Some new checkov check")
    assert (rule.title, rule.severity, rule.enforcement) == ("Some new checkov check", "medium", "advisory")
    assert rule.controls == (ControlRef(framework="NIST-800-53", version="rev5", id="cm-6"),)
    assert load_mapping().unmapped_check_ids(["CKV_K8S_16", "CKV_K8S_9999"]) == ["CKV_K8S_9999"]


def test_a_bad_mapping_names_the_file_and_key(tmp_path: Path) -> None:
    broken = tmp_path / "mapping.yaml"
    text = MAPPING_FILE.read_text().replace("    severity: critical\n", "    severity: urgent\n", 1)
    broken.write_text(text)
    with pytest.raises(CampusInputError) as err:
        load_mapping(broken)
    assert str(err.value).startswith(f"{broken}: checks.CKV_K8S_16.severity: ")


def test_every_control_the_mapping_uses_is_in_the_shipped_catalog() -> None:
    mapping = load_mapping()
    refs = [control for rule in checkov_rules() for control in rule.controls] + list(mapping.default.controls)
    assert [str(ref) for ref in unknown_controls(refs)] == []


def test_every_check_checkov_can_report_is_mapped_or_reviewed_as_not_applicable() -> None:
    """A checkov upgrade that brings new check ids fails here, naming them (checkov's own catalogue, not a copy)."""
    catalog = checkov_catalog()
    mapping = load_mapping()
    assert mapping.unmapped_check_ids(catalog) == [], "map them, or list them under not_applicable with a reason"
    stale = sorted((mapping.checks.keys() | mapping.not_applicable_ids()) - catalog.keys())
    assert stale == [], "these ids are no longer reported by checkov"


def test_a_check_both_mapped_and_not_applicable_is_refused(tmp_path: Path) -> None:
    twice = tmp_path / "mapping.yaml"
    twice.write_text(MAPPING_FILE.read_text().replace("ids: [CKV_K8S_68,", "ids: [CKV_K8S_16, CKV_K8S_68,", 1))
    with pytest.raises(CampusInputError, match="mapped and listed as not applicable: CKV_K8S_16"):
        load_mapping(twice)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "      - {framework: NIST-800-53, version: rev5, id: sc-39}\n",
            "      - {framework: NIST-800-53, version: rev5, id: zz-99}\n",
            "checks.CKV_K8S_16.controls[1]: control NIST-800-53 rev5 zz-99",
        ),
        (
            "    - {framework: NIST-800-53, version: rev5, id: cm-6}\n",
            "    - {framework: NIST-800-53, version: rev4, id: cm-6}\n",
            "default.controls[0]: control NIST-800-53 rev4 cm-6",
        ),
    ],
)
def test_a_control_missing_from_the_catalog_is_refused_naming_the_check(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    broken = tmp_path / "mapping.yaml"
    text = MAPPING_FILE.read_text()
    assert old in text
    broken.write_text(text.replace(old, new, 1))
    with pytest.raises(CampusInputError) as err:
        load_mapping(broken)
    assert str(err.value) == f"{broken}: {expected} is not in the control catalog (policies/controls/)"

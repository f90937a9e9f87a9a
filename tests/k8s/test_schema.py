"""`campus.k8s.schema.validate`: strict built-in schemas, campus's CRD schemas, unknown kinds as bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from jsonschema import Draft202012Validator

from campus.errors import CampusInputError
from campus.k8s.builtin_schemas import builtin_validator
from campus.k8s.crd_schemas import load_schema_files
from campus.k8s.schema import validate
from campus.manifests import Manifest, load_files, parse_documents

FIXTURES = Path(__file__).parent / "fixtures" / "schema"
EXPECT = "test.campus.io/expect"


def one(doc: dict[str, Any]) -> list[Manifest]:
    return parse_documents(yaml.safe_dump(doc), "manifests/one.yaml")


def test_valid_objects_of_every_kind_pass() -> None:
    manifests = load_files([FIXTURES / "valid.yaml"], FIXTURES)
    findings = validate(manifests)
    assert [(f.resource, f.message) for f in findings if f.status != "pass"] == []
    assert len(findings) == len(manifests)
    assert {f.rule_id for f in findings} == {"K8S-SCHEMA-001"}
    assert {f.engine for f in findings} == {"schema"}


@pytest.mark.parametrize("manifest", load_files([FIXTURES / "invalid.yaml"], FIXTURES),
                         ids=lambda m: f"{m.kind}/{m.name}")
def test_invalid_object_fails_once_naming_the_problem(manifest: Manifest) -> None:
    [finding] = validate([manifest])
    assert finding.status == "fail"
    assert manifest.doc["metadata"]["annotations"][EXPECT] in finding.message
    assert (finding.file, finding.line, finding.resource) == (manifest.file, manifest.line, manifest.resource_id)


def test_unknown_kind_is_bad_input_naming_file_and_kind() -> None:
    doc = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}}
    with pytest.raises(CampusInputError) as err:
        validate(one(doc))
    assert str(err.value).startswith("manifests/one.yaml: kind Widget: no schema for example.com/v1 Widget")


def test_builtin_kind_name_in_a_foreign_group_is_unknown() -> None:
    doc = {"apiVersion": "networking.example.com/v1", "kind": "NetworkPolicy", "metadata": {"name": "n"}}
    with pytest.raises(CampusInputError, match="kind NetworkPolicy"):
        validate(one(doc))


def test_constraint_without_template_is_bad_input() -> None:
    doc = {"apiVersion": "constraints.gatekeeper.sh/v1beta1", "kind": "K8sNoSuchRule", "metadata": {"name": "x"}}
    with pytest.raises(CampusInputError, match="no ConstraintTemplate defines constraint kind K8sNoSuchRule"):
        validate(one(doc))


def test_template_among_the_manifests_defines_its_constraint_schema() -> None:
    template = {
        "apiVersion": "templates.gatekeeper.sh/v1", "kind": "ConstraintTemplate", "metadata": {"name": "k8slabels"},
        "spec": {
            "crd": {"spec": {"names": {"kind": "K8sLabels"}, "validation": {"openAPIV3Schema": {
                "type": "object", "properties": {"labels": {"type": "array", "items": {"type": "string"}}}}}}},
            "targets": [{"target": "admission.k8s.gatekeeper.sh",
                         "code": [{"engine": "Rego", "source": {"version": "v1", "rego": "package k8slabels"}}]}],
        },
    }
    good = {"apiVersion": "constraints.gatekeeper.sh/v1beta1", "kind": "K8sLabels", "metadata": {"name": "good"},
            "spec": {"parameters": {"labels": ["team"]}}}
    bad = {**good, "metadata": {"name": "bad"}, "spec": {"parameters": {"labels": "team"}}}
    manifests = parse_documents(yaml.safe_dump_all([template, good, bad]), "gatekeeper.yaml")
    assert [f.status for f in validate(manifests)] == ["pass", "pass", "fail"]


def test_object_without_kind_is_bad_input() -> None:
    with pytest.raises(CampusInputError, match="no apiVersion or kind"):
        validate(one({"apiVersion": "v1", "metadata": {"name": "x"}}))


def test_unsupported_kubernetes_version_is_bad_input() -> None:
    doc = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}
    with pytest.raises(CampusInputError, match="k8s_version"):
        validate(one(doc), k8s_version="1.99")


def test_version_selects_the_schema() -> None:
    # ValidatingAdmissionPolicy reached admissionregistration.k8s.io/v1 in Kubernetes 1.30.
    doc = {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicy",
           "metadata": {"name": "x"}, "spec": {"validations": [{"expression": "true"}]}}
    assert validate(one(doc), k8s_version="1.30")[0].status == "pass"
    with pytest.raises(CampusInputError):
        validate(one(doc), k8s_version="1.29")


@pytest.mark.parametrize("name", ["valid.yaml", "invalid.yaml"])
def test_cached_builtin_validators_agree_with_kubernetes_validate(name: str) -> None:
    for manifest in load_files([FIXTURES / name], FIXTURES):
        validator = builtin_validator(manifest.doc["apiVersion"], manifest.kind, "1.33")
        if validator is None:
            continue
        try:
            kubernetes_validate.validate(manifest.doc, "1.33", strict=True)
            upstream_valid = True
        except kubernetes_validate.ValidationError:
            upstream_valid = False
        assert validator.is_valid(manifest.doc) == upstream_valid, manifest.resource_id


def test_shipped_crd_schemas_are_valid_json_schemas() -> None:
    schemas = load_schema_files()
    assert len(schemas) >= 10
    for schema in schemas:
        Draft202012Validator.check_schema(schema)


def test_metadata_that_is_not_a_mapping_is_bad_input_naming_the_key() -> None:
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: foo\n"
    with pytest.raises(CampusInputError) as caught:
        parse_documents(text, "manifests/two.yaml")
    assert str(caught.value) == "manifests/two.yaml: metadata: must be a mapping (the document on line 5)"


def test_a_manifest_file_that_is_not_utf8_is_bad_input_naming_the_line(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_bytes(b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\xe9}\n")
    with pytest.raises(CampusInputError) as caught:
        load_files([tmp_path / "bad.yaml"], tmp_path)
    assert str(caught.value) == "bad.yaml: line 3: not UTF-8 text (byte 0xe9)"

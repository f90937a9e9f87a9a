"""Broken policy files and unusable ConstraintTemplates are bad input: one `CampusInputError` naming file and key.

Each case edits a copy of `policies/admission/` or `policies/schemas/` in `tmp_path`, never the repository.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from campus.errors import CampusInputError
from campus.k8s import crd_schemas
from campus.k8s.admission import AdmissionEngine, evaluate
from campus.k8s.crd_schemas import check_schema_files, load_schema_files
from campus.k8s.rules import ADMISSION_DIR, load_rules
from campus.k8s.schema import validate
from campus.manifests import Manifest, parse_documents

REPO = Path(__file__).resolve().parents[2]
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/campus/grades:2.0.1"


def error_of(call: Any, *args: Any) -> str:
    with pytest.raises(CampusInputError) as caught:
        call(*args)
    return str(caught.value)


@pytest.fixture
def rules_root(tmp_path: Path) -> Path:
    root = tmp_path / "admission"
    shutil.copytree(ADMISSION_DIR, root)
    return root


@pytest.fixture
def schema_dir(tmp_path: Path) -> Path:
    root = tmp_path / "schemas"
    shutil.copytree(crd_schemas.SCHEMA_DIR, root)
    return root


def deployment() -> list[Manifest]:
    doc = {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "grades", "namespace": "grades"},
        "spec": {"selector": {"matchLabels": {"app": "grades"}}, "template": {
            "metadata": {"labels": {"app": "grades"}},
            "spec": {"containers": [{"name": "app", "image": IMAGE}]}}},
    }
    return parse_documents(yaml.safe_dump(doc), "apps/grades.yaml")


def edit_yaml(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


# 1. Two rules sharing one id.

def test_a_second_rule_with_a_taken_id_is_named(rules_root: Path) -> None:
    owner = next(p for p in sorted(rules_root.glob("*/rule.yaml")) if "id: K8S-BP-003\n" in p.read_text())
    assert owner.parent.name < "probes"  # so probes/rule.yaml is the second one read
    edit_yaml(rules_root / "probes" / "rule.yaml", lambda rule: rule.update(id="K8S-BP-003"))
    assert error_of(load_rules, rules_root) == (
        f"{rules_root}/probes/rule.yaml: id: K8S-BP-003 is already the id of {owner}"
    )


def test_a_second_rule_with_a_taken_constraint_kind_is_named(rules_root: Path) -> None:
    edit_yaml(rules_root / "probes" / "rule.yaml", lambda rule: rule.update(kind="K8sBpImageRegistry"))
    assert error_of(load_rules, rules_root).startswith(f"{rules_root}/probes/rule.yaml: kind: K8sBpImageRegistry is")


# 2. src.rego that is not Rego (or does not evaluate).

def test_text_that_is_not_rego_names_the_file_and_line(rules_root: Path, capfd: pytest.CaptureFixture[str]) -> None:
    src = rules_root / "probes" / "src.rego"
    lines = src.read_text().count("\n")
    src.write_text(src.read_text() + "this is not rego {\n")
    rules = load_rules(rules_root)
    message = error_of(AdmissionEngine, rules, deployment())
    assert message == f"{src}: line {lines + 1}: Rego does not compile: this is unclosed"
    assert capfd.readouterr().out == ""  # rego-cpp's own error printing stays off


def test_a_rule_that_fails_to_evaluate_is_named(rules_root: Path) -> None:
    src = rules_root / "probes" / "src.rego"
    src.write_text(src.read_text().replace("msg := sprintf(", "msg := nosuch.fn("))
    message = error_of(evaluate_with, load_rules(rules_root), deployment())
    assert message == (f"{src}: fails to evaluate on apps/grades.yaml#Deployment/grades/grades: "
                       "Function not found: nosuch.fn")


def test_a_rule_in_another_package_is_named(rules_root: Path) -> None:
    src = rules_root / "probes" / "src.rego"
    src.write_text(src.read_text().replace("package campus.admission.probes", "package campus.admission.probe"))
    assert error_of(load_rules, rules_root) == (
        f"{src}: line 1: package campus.admission.probe must be campus.admission.probes, after the folder name"
    )


def evaluate_with(rules: Any, manifests: list[Manifest]) -> None:
    AdmissionEngine(rules, manifests).run()


# 3. Parameters JSON cannot carry.

def test_nan_in_rule_parameters_names_the_key(rules_root: Path) -> None:
    rule = rules_root / "image-registry" / "rule.yaml"
    rule.write_text(rule.read_text().replace("    - public.ecr.aws/campus/\n", "    - .nan\n"))
    assert error_of(load_rules, rules_root) == (
        f"{rule}: parameters.values.allowedPrefixes[0]: nan is not a JSON number (no NaN or infinity)"
    )


def test_a_date_in_rule_parameters_names_the_key(rules_root: Path) -> None:
    rule = rules_root / "image-registry" / "rule.yaml"
    rule.write_text(rule.read_text().replace("  values:\n", "  values:\n    since: 2024-01-01\n"))
    assert error_of(load_rules, rules_root) == (
        f"{rule}: parameters.values.since: 2024-01-01 is a YAML date, not a string; quote it"
    )


def test_an_invalid_regex_in_a_rule_parameter_schema_names_the_key(rules_root: Path) -> None:
    rule = rules_root / "image-registry" / "rule.yaml"
    edit_yaml(rule, lambda data: data["parameters"]["schema"]["properties"]["allowedPrefixes"]["items"].update(
        pattern="(["))
    assert error_of(load_rules, rules_root).startswith(
        f"{rule}: parameters.schema.properties.allowedPrefixes.items.pattern: '([' is not a regular expression ("
    )


def test_a_manifest_with_a_yaml_date_still_goes_through_admission() -> None:
    manifests = parse_documents(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: grades, labels: {since: 2024-01-01}}\n"
        f"spec: {{containers: [{{name: app, image: {IMAGE}}}]}}\n", "apps/pod.yaml")
    assert any(f.status == "fail" for f in evaluate(manifests))


# 4. Schema files that are not schemas.

@pytest.mark.parametrize(("text", "expected"), [
    ("- a\n", "must be a mapping (a JSON Schema), not a list"),
    ("", "must be a mapping (a JSON Schema), not empty"),
    ("properties: 5\n", "properties: must be a mapping, not a number"),
])
def test_a_schema_file_that_is_not_a_schema_is_named(schema_dir: Path, text: str, expected: str) -> None:
    (schema_dir / "common.yaml").write_text(text)
    assert error_of(load_schema_files, schema_dir) == f"{schema_dir}/common.yaml: {expected}"


def test_a_reference_to_nothing_is_named(schema_dir: Path) -> None:
    common = schema_dir / "common.yaml"
    common.write_text(common.read_text().replace("  objectMeta:\n", "  objectMetaRenamed:\n"))
    assert error_of(load_schema_files, schema_dir).startswith(
        f"{schema_dir}/argoproj.io/application.yaml: properties.metadata.$ref: "
        "https://schemas.campus.local/common.yaml#/$defs/objectMeta resolves to nothing"
    )


def test_kind_values_that_are_not_strings_are_named(schema_dir: Path) -> None:
    config = schema_dir / "gatekeeper.sh" / "config.yaml"
    config.write_text(config.read_text().replace("kind: {const: Config}", "kind: {const: 5}"))
    assert error_of(load_schema_files, schema_dir) == f"{config}: properties.kind: 5 is not a string"


def test_a_schema_that_breaks_validation_is_named_when_used(schema_dir: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    config = schema_dir / "gatekeeper.sh" / "config.yaml"
    config.write_text(config.read_text().replace("\ntype: object\n", "\ntype: 7\n", 1))
    monkeypatch.setattr(crd_schemas, "SCHEMA_DIR", schema_dir)
    doc = {"apiVersion": "config.gatekeeper.sh/v1alpha1", "kind": "Config",
           "metadata": {"name": "config", "namespace": "gatekeeper-system"}, "spec": {}}
    manifests = parse_documents(yaml.safe_dump(doc), "gatekeeper/config.yaml")
    assert error_of(validate, manifests) == (
        f"{config}: type: not a valid JSON Schema: 7 is not valid under any of the given schemas"
    )
    assert error_of(check_schema_files, schema_dir).startswith(f"{config}: type:")


def test_a_missing_constraint_base_is_named(schema_dir: Path) -> None:
    (schema_dir / "gatekeeper.sh" / "constraint.yaml").unlink()
    assert error_of(load_schema_files, schema_dir).startswith(f"{schema_dir}: no schema has $id ")


# 5. A user's ConstraintTemplate whose parameter schema cannot be used.

def template(crd: Any) -> str:
    doc = {
        "apiVersion": "templates.gatekeeper.sh/v1", "kind": "ConstraintTemplate", "metadata": {"name": "k8slabels"},
        "spec": {"crd": crd, "targets": [{"target": "admission.k8s.gatekeeper.sh", "code": [
            {"engine": "Rego", "source": {"version": "v1", "rego": "package k8slabels"}}]}]},
    }
    constraint = {"apiVersion": "constraints.gatekeeper.sh/v1beta1", "kind": "K8sLabels",
                  "metadata": {"name": "need-team"}, "spec": {"parameters": {"labels": ["team"]}}}
    head = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: grades}\n---\n"
    return head + yaml.safe_dump_all([doc, constraint], sort_keys=False)


def with_schema(schema: Any) -> dict[str, Any]:
    return {"spec": {"names": {"kind": "K8sLabels"}, "validation": {"openAPIV3Schema": schema}}}


SCHEMA_KEY = "spec.crd.spec.validation.openAPIV3Schema"


@pytest.mark.parametrize(("crd", "expected"), [
    (with_schema({"type": 5}),
     f"{SCHEMA_KEY}.type: not a valid JSON Schema: 5 is not valid under any of the given schemas"),
    (with_schema({"type": "object", "properties": {"labels": {"type": "string", "pattern": "(["}}}),
     f"{SCHEMA_KEY}.properties.labels.pattern: '([' is not a regular expression (unterminated character set at "
     "position 1)"),
    (with_schema("properties"), f"{SCHEMA_KEY}: must be a mapping (a schema), not a string"),
    (with_schema({"properties": {"labels": {"$ref": "#/$defs/list"}}}),
     f"{SCHEMA_KEY}.properties.labels.$ref: $ref is not supported in a Kubernetes CRD schema; write the schema out"),
    ("foo", "spec.crd: must be a mapping, not a string"),
    ({"spec": {"names": ["K8sLabels"]}}, "spec.crd.spec.names: must be a mapping, not a list"),
], ids=["type-5", "bad-regex", "schema-a-string", "ref", "crd-a-string", "names-a-list"])
def test_an_unusable_template_schema_names_file_and_key(crd: Any, expected: str) -> None:
    manifests = parse_documents(template(crd), "gatekeeper/labels.yaml")
    assert error_of(validate, manifests) == f"gatekeeper/labels.yaml: {expected} (the ConstraintTemplate on line 5)"


def test_a_usable_template_schema_still_validates_its_constraints() -> None:
    crd = with_schema({"type": "object", "properties": {"labels": {"type": "array", "items": {"type": "string"}}}})
    manifests = parse_documents(template(crd), "gatekeeper/labels.yaml")
    assert [f.status for f in validate(manifests)] == ["pass", "pass", "pass"]


def test_the_cli_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    manifests = tmp_path / "manifests"
    manifests.mkdir()
    (manifests / "labels.yaml").write_text(template(with_schema({"type": 5})))
    run = subprocess.run([sys.executable, "-m", "campus.cli", "gate", "--manifests", str(manifests),
                          "--out", str(tmp_path / "out")], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith("campus: ") and f"{SCHEMA_KEY}.type: not a valid JSON Schema" in run.stderr

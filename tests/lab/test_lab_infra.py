"""The lab host's <service>-infra ConfigMaps come from the learner-lab stack's outputs: real names, contract keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from campus.catalog.contracts import load_contracts
from campus.engine.runner import SynthResult
from campus.errors import CampusInputError
from campus.lab.infra import lab_infra_configmaps


@pytest.fixture
def outputs_file(tmp_path: Path, synthesized: dict[str, SynthResult]) -> Path:
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps(synthesized["learner-lab"].exports))
    return path


def test_every_service_gets_exactly_its_contract_keys_with_the_stacks_names(outputs_file: Path,
                                                                           repo_root: Path) -> None:
    configmaps = lab_infra_configmaps(outputs_file, repo_root)
    contracts = load_contracts(repo_root)
    exports = json.loads(outputs_file.read_text())
    assert set(configmaps) == set(contracts)
    for service, data in configmaps.items():
        assert list(data) == contracts[service].infra_keys()
    quiz = configmaps["quiz"]
    assert quiz["BUCKET_DOCUMENTS"] == exports["buckets"]["documents"]
    assert quiz["BUCKET_DOCUMENTS"].endswith("-us-east-1")  # the real, account-suffixed name
    assert quiz["KAFKA_SECURITY_PROTOCOL"] == "PLAINTEXT" and quiz["DB_IAM_AUTH"] == "false"
    assert configmaps["chatbot-rag"]["TABLE_CHAT_SESSIONS"] == exports["tables"]["chat-sessions"]


def test_outputs_without_bucket_names_are_bad_input(outputs_file: Path, repo_root: Path) -> None:
    exports = json.loads(outputs_file.read_text())
    del exports["buckets"]
    outputs_file.write_text(json.dumps(exports))
    with pytest.raises(CampusInputError, match=r"outputs\.json: buckets: missing"):
        lab_infra_configmaps(outputs_file, repo_root)


def test_inventory_carries_the_configmaps_for_lab_runtime(outputs_file: Path, repo_root: Path) -> None:
    from campus.lab.inventory import attach_infra_configmaps, build_inventory
    from campus.lab.outputs import load_lab_host

    inventory = build_inventory(load_lab_host(outputs_file), key_file=None, source=str(outputs_file))
    attach_infra_configmaps(inventory, lab_infra_configmaps(outputs_file, repo_root))
    host = inventory["all"]["children"]["learner_lab"]["hosts"]["lab-host"]
    assert host["lab_runtime_infra_configmaps"]["stt"]["BUCKET_AUDIO"].startswith("campus-learner-lab-audio-")


def test_a_bucket_missing_from_the_outputs_is_named(outputs_file: Path, repo_root: Path) -> None:
    exports = json.loads(outputs_file.read_text())
    del exports["buckets"]["audio"]
    outputs_file.write_text(json.dumps(exports))
    with pytest.raises(CampusInputError, match=r"outputs\.json: buckets\.audio: not exported, but apps/stt/"):
        lab_infra_configmaps(outputs_file, repo_root)


def test_a_contract_naming_a_model_the_lab_does_not_configure_is_refused_as_the_gate_refuses_it(
        outputs_file: Path, repo_root: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    for contract in (repo_root / "apps").glob("*/contract.yaml"):
        (root / "apps" / contract.parent.name).mkdir(parents=True)
        (root / "apps" / contract.parent.name / "contract.yaml").write_text(contract.read_text())
    quiz = root / "apps/quiz/contract.yaml"
    quiz.write_text(quiz.read_text().replace("models: [nova-lite]", "models: [nova-pro]"))
    with pytest.raises(CampusInputError) as err:
        lab_infra_configmaps(outputs_file, root)
    assert str(err.value) == ("apps/quiz/contract.yaml: models: unknown model 'nova-pro' "
                              "(known: nova-lite, titan-embed-text-v2)")

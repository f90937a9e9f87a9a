"""Topic catalog and service contracts: valid as shipped; each mistake is one line naming the file and key."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from campus.catalog.contracts import KnownNames, load_contracts
from campus.catalog.topics import load_topic_catalog
from campus.catalog.yamlfile import load_model, parse_json, parse_yaml, read_yaml
from campus.errors import CampusInputError

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def tree(tmp_path: Path, repo_root: Path) -> Path:
    for item in ("Pulumi.yaml", "stacks", "catalog", "gitops/bootstrap"):
        src = repo_root / item
        (tmp_path / item).parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, tmp_path / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, tmp_path / item)
    for contract in (repo_root / "apps").glob("*/contract.yaml"):
        (tmp_path / "apps" / contract.parent.name).mkdir(parents=True)
        shutil.copy(contract, tmp_path / "apps" / contract.parent.name / "contract.yaml")
    return tmp_path


def edit_topic(tree: Path, index: int, **changes: object) -> None:
    path = tree / "catalog/topics.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["topics"][index].update(changes)
    path.write_text(yaml.safe_dump(doc))


def test_shipped_catalog_has_the_seed_topics(repo_root: Path) -> None:
    catalog = load_topic_catalog(repo_root)
    assert len(catalog.topics) == 12
    assert {"document.uploaded", "chat.message", "FeedbackRequested", "FeedbackGiven"} <= catalog.names()
    chat = next(t for t in catalog.topics if t.name == "chat.message")
    assert chat.retention_hours == 720 and chat.partitions == 3
    assert catalog.replication_for("prod").replication_factor == 3
    assert catalog.replication_for("learner-lab").replication_factor == 1


@pytest.mark.parametrize(("changes", "key"), [
    ({"partitions": 0}, "topics[0].partitions"),
    ({"retentionHours": 24 * 400}, "topics[0].retentionHours"),
    ({"name": "bad topic!"}, "topics[0].name"),
    ({"compaction": True}, "topics[0].compaction"),
])
def test_bad_topic_names_the_topic_key(tree: Path, changes: dict, key: str) -> None:
    edit_topic(tree, 0, **changes)
    with pytest.raises(CampusInputError) as err:
        load_topic_catalog(tree)
    assert str(err.value).startswith(f"catalog/topics.yaml: {key}: ")


def test_min_insync_must_stay_below_replication(tree: Path) -> None:
    path = tree / "catalog/topics.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["environments"]["dev"] = {"replicationFactor": 2, "minInsyncReplicas": 2}
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(CampusInputError, match=r"^catalog/topics.yaml: environments.dev: .*lower than"):
        load_topic_catalog(tree)


def test_replication_beyond_the_stack_brokers_stops_synth(tree: Path, run_cli: Cli) -> None:
    path = tree / "catalog/topics.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["environments"]["dev"] = {"replicationFactor": 3, "minInsyncReplicas": 2}
    path.write_text(yaml.safe_dump(doc))
    code, _, err = run_cli("synth", "--stack", "dev", "--out", str(tree / "out"), cwd=tree)
    assert code == 2
    assert err.strip() == ("campus: catalog/topics.yaml: environments.dev.replicationFactor: replicationFactor 3 "
                           "exceeds the 2 broker(s) of stack dev")


def test_a_contract_naming_an_unknown_topic_stops_synth_naming_the_file(tree: Path, run_cli: Cli) -> None:
    path = tree / "apps/quiz/contract.yaml"
    path.write_text(path.read_text().replace("quiz.requested", "quiz.wanted"))
    code, _, err = run_cli("synth", "--stack", "prod", "--out", str(tree / "out"), cwd=tree)
    assert code == 2
    assert err.startswith("campus: apps/quiz/contract.yaml: consumes: unknown topic 'quiz.wanted'")


@pytest.mark.parametrize(("edit", "expected"), [
    ({"buckets": {"read": ["videos"]}}, "apps/stt/contract.yaml: buckets: unknown bucket 'videos'"),
    ({"tables": {"write": ["grades"]}}, "apps/stt/contract.yaml: tables: unknown table 'grades'"),
    ({"models": ["claude"]}, "apps/stt/contract.yaml: models: unknown model 'claude'"),
    ({"calls": ["billing"]}, "apps/stt/contract.yaml: calls: unknown service 'billing'"),
    ({"port": 80}, "apps/stt/contract.yaml: port: "),
    ({"dataStore": "x"}, "apps/stt/contract.yaml: dataStore: unknown key"),
])
def test_bad_contracts(tree: Path, edit: dict, expected: str) -> None:
    path = tree / "apps/stt/contract.yaml"
    doc = yaml.safe_load(path.read_text())
    doc.update(edit)
    path.write_text(yaml.safe_dump(doc))
    known = KnownNames(topics=frozenset(load_topic_catalog(tree).names()),
                       tables=frozenset({"users", "chat-sessions", "notifications", "collaboration", "leaderboards"}),
                       buckets=frozenset({"audio", "documents", "vector-store", "quiz-assets", "access-logs"}),
                       models=frozenset({"nova-lite", "titan-embed-text-v2"}))
    with pytest.raises(CampusInputError) as err:
        load_contracts(tree, known)
    assert str(err.value).startswith(expected)


def test_contract_folder_and_service_must_agree(tree: Path) -> None:
    path = tree / "apps/stt/contract.yaml"
    path.write_text(path.read_text().replace("service: stt", "service: speech"))
    with pytest.raises(CampusInputError, match=r"apps/stt/contract\.yaml: service: service 'speech' does not match"):
        load_contracts(tree)


def test_a_contract_that_is_not_utf8_stops_synth_naming_the_contract(tree: Path, run_cli: Cli) -> None:
    path = tree / "apps/quiz/contract.yaml"
    text = path.read_bytes()
    path.write_bytes(text + b"#\xff\n")
    line = text.count(b"\n") + 1
    code, _, err = run_cli("synth", "--stack", "dev", "--out", str(tree / "out"), cwd=tree)
    assert code == 2
    assert err == f"campus: apps/quiz/contract.yaml: line {line}: not UTF-8 text (byte 0xff)\n"


def test_an_override_for_an_unknown_environment_is_named(tree: Path) -> None:
    path = tree / "catalog/topics.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["environments"]["qa"] = {"replicationFactor": 2, "minInsyncReplicas": 1}
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(CampusInputError) as err:
        load_topic_catalog(tree)
    assert str(err.value) == ("catalog/topics.yaml: environments.qa: unknown environment "
                              "(known: dev, staging, prod, learner-lab)")


@pytest.mark.parametrize(("changes", "key"), [
    ({"partitions": True}, "topics[0].partitions"),
    ({"retentionHours": False}, "topics[0].retentionHours"),
])
def test_a_boolean_is_not_a_topic_number(tree: Path, changes: dict, key: str) -> None:
    edit_topic(tree, 0, **changes)
    with pytest.raises(CampusInputError) as err:
        load_topic_catalog(tree)
    assert str(err.value) == f"catalog/topics.yaml: {key}: must be a number, not true/false"


# The central YAML reader (campus/catalog/yamlfile.py), which every data file goes through.

class _Doc(BaseModel):
    a: object = None


@pytest.mark.parametrize("fast", [False, True])
@pytest.mark.parametrize("text", ["a: " + "[" * 20_000 + "]" * 20_000, "a:\n" + "- " * 20_000 + "x\n"])
def test_yaml_nested_too_deeply_is_one_line(tmp_path: Path, text: str, fast: bool) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    with pytest.raises(CampusInputError) as err:
        read_yaml(path, "deep.yaml", fast=fast)
    assert str(err.value) == "deep.yaml: nested too deeply"
    with pytest.raises(CampusInputError, match=r"^deep\.yaml: nested too deeply$"):
        load_model(_Doc, path, "deep.yaml")


def test_libyaml_is_never_handed_a_text_deep_enough_to_crash_it() -> None:
    # libyaml recurses in C: past some 20,000 levels the process dies with SIGSEGV instead of raising.
    program = ("from campus.catalog.yamlfile import parse_yaml\n"
               "from campus.errors import CampusInputError\n"
               "try:\n    parse_yaml('a: ' + '[' * 200_000 + ']' * 200_000, 'deep.yaml', fast=True)\n"
               "except CampusInputError as err:\n    print(err)\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, "deep.yaml: nested too deeply\n")


@pytest.mark.parametrize("fast", [False, True])
@pytest.mark.parametrize(("text", "line"), [
    ("x: 1\np1:x: &a [*a]\n", 2),
    ("all: &a {children: {x: *a}}\n", 1),
    ("a: &m\n  k: 1\n  <<: *m\n", 1),
])
def test_a_recursive_alias_is_one_line_naming_its_line(text: str, line: int, fast: bool) -> None:
    with pytest.raises(CampusInputError) as err:
        parse_yaml(text, "f.yaml", fast=fast)
    assert str(err.value) == f"f.yaml: line {line}: malformed YAML (recursive alias: a node contains itself)"


@pytest.mark.parametrize("fast", [False, True])
def test_aliases_that_do_not_recurse_still_work(fast: bool) -> None:
    text = "base: &b {k: 1}\nlist: &l [1, 2]\nuse: {<<: *b, j: 2}\nboth: [*l, *l, *b]\n"
    assert parse_yaml(text, "f.yaml", fast=fast) == {
        "base": {"k": 1}, "list": [1, 2], "use": {"k": 1, "j": 2}, "both": [[1, 2], [1, 2], {"k": 1}]}


@pytest.mark.parametrize(("text", "expected"), [
    ("{x", "o.json: line 1: malformed JSON (Expecting property name enclosed in double quotes)"),
    ("[" * 100_000 + "]" * 100_000, "o.json: nested too deeply"),
])
def test_bad_json_is_one_line(text: str, expected: str) -> None:
    with pytest.raises(CampusInputError) as err:
        parse_json(text, "o.json")
    assert str(err.value) == expected

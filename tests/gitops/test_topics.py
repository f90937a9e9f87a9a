"""The topic Job's catalog ConfigMaps are generated from catalog/topics.yaml and checked in unchanged."""

from __future__ import annotations

from pathlib import Path

import yaml

from campus.catalog.topics import load_topic_catalog
from campus.gitops.layout import EKS_ENVIRONMENTS
from campus.gitops.topics import configmap_path, expected_files, topics_configmap, write_topic_configmaps
from campus.manifests import Manifest
from tests.gitops.support import ROOT, copy_tree, edit


def test_checked_in_configmaps_equal_the_generator() -> None:
    expected = expected_files(ROOT)
    assert sorted(expected) == sorted(configmap_path(ROOT, env) for env in EKS_ENVIRONMENTS)
    for path, text in expected.items():
        assert path.read_text() == text, f"{path.relative_to(ROOT)} is stale: run python -m campus.gitops.topics"


def test_table_carries_each_topic_with_environment_replication() -> None:
    catalog = load_topic_catalog(ROOT)
    table = yaml.safe_load(topics_configmap(catalog, "dev"))["data"]["topics.tsv"]
    rows = {line.split()[0]: line.split()[1:] for line in table.splitlines() if not line.startswith("#")}
    assert set(rows) == catalog.names()
    assert rows["chat.message"] == ["3", "2", str(720 * 3600 * 1000), "1"]
    prod = yaml.safe_load(topics_configmap(catalog, "prod"))["data"]["topics.tsv"]
    assert "FeedbackGiven 3 3 604800000 2" in prod.splitlines()


def test_generator_rewrites_a_stale_file(tmp_path: Path) -> None:
    root = copy_tree(tmp_path, "catalog", "gitops/platform/kafka-topics")
    edit(root / "catalog/topics.yaml", "retentionHours: 720", "retentionHours: 360")
    written = write_topic_configmaps(root)
    assert sorted(written) == sorted(configmap_path(root, env) for env in EKS_ENVIRONMENTS)
    assert str(360 * 3600 * 1000) in configmap_path(root, "staging").read_text()
    assert write_topic_configmaps(root) == []


def test_job_is_an_idempotent_sync_hook_reading_the_catalog(
    rendered: dict[tuple[str, str], list[Manifest]]
) -> None:
    manifests = rendered[("kafka-topics", "prod")]
    job = next(m for m in manifests if m.kind == "Job")
    assert job.doc["metadata"]["annotations"]["argocd.argoproj.io/hook-delete-policy"] == "BeforeHookCreation"
    pod = job.doc["spec"]["template"]["spec"]
    assert {v["configMap"]["name"] for v in pod["volumes"] if "configMap" in v} == {
        "kafka-topics-catalog", "kafka-topics-script"}
    script = next(m for m in manifests if m.name == "kafka-topics-script").doc["data"]["apply-topics.sh"]
    assert "--if-not-exists" in script and "kafka-configs.sh" in script and "--alter" in script
    assert "AWS_MSK_IAM" in script
    assert all(m.namespace == "campus" for m in manifests)

"""The kafka_topics role's plan: catalog -> topics, replication clamped to the brokers, drift detection."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from tests.ansible.playbook_runner import PLAYBOOKS, REPO


def load_filters() -> ModuleType:
    path = PLAYBOOKS / "roles/kafka_topics/filter_plugins/topic_plan.py"
    spec = importlib.util.spec_from_file_location("campus_topic_plan", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


topic_plan = load_filters()
CATALOG = yaml.safe_load((REPO / "catalog/topics.yaml").read_text())


def test_learner_lab_plan_needs_no_clamping() -> None:
    plan = topic_plan.topic_plan(CATALOG, "learner-lab", 1)
    assert plan["warnings"] == []
    assert len(plan["topics"]) == len(CATALOG["topics"])
    chat = next(t for t in plan["topics"] if t["name"] == "chat.message")
    assert chat == {
        "name": "chat.message",
        "partitions": 3,
        "replication_factor": 1,
        "config": {"min.insync.replicas": "1", "retention.ms": str(720 * 3_600_000)},
    }


def test_replication_is_clamped_to_the_brokers_with_a_warning() -> None:
    plan = topic_plan.topic_plan(CATALOG, "staging", 1)  # no override: the defaults ask 3 / 2
    assert {t["replication_factor"] for t in plan["topics"]} == {1}
    assert {t["config"]["min.insync.replicas"] for t in plan["topics"]} == {"1"}
    [warning] = plan["warnings"]
    assert "replicationFactor=3, minInsyncReplicas=2" in warning and "1 broker(s)" in warning


def test_bad_catalog_names_the_key() -> None:
    broken = {**CATALOG, "topics": [{"name": "x", "partitions": 3}]}
    with pytest.raises(AnsibleFilterError, match=r"topics\[0\].*retentionHours"):
        topic_plan.topic_plan(broken, "learner-lab", 1)


def test_changes_cover_missing_partitions_and_config_drift() -> None:
    plan = topic_plan.topic_plan(CATALOG, "learner-lab", 1)
    described = topic_plan.described_topics(
        "Topic: chat.message\tTopicId: q\tPartitionCount: 1\tReplicationFactor: 1\t"
        "Configs: min.insync.replicas=1,retention.ms=5\n"
        "\tTopic: chat.message\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\n"
    )
    changes = topic_plan.topic_changes(plan, described)
    assert [t["name"] for t in changes["partitions"]] == ["chat.message"]
    assert changes["configs"] == [{"name": "chat.message", "config": {"retention.ms": str(720 * 3_600_000)}}]
    assert len(changes["create"]) == len(CATALOG["topics"]) - 1
    assert topic_plan.config_args({"b": "2", "a": "1"}) == ["--config", "a=1", "--config", "b=2"]

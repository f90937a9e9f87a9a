"""Filters that turn the shared topic catalog into a plan and compare it with `kafka-topics.sh --describe`."""

from __future__ import annotations

import re
from typing import Any

from ansible.errors import AnsibleFilterError

HOUR_MS = 3_600_000
_SUMMARY = re.compile(
    r"^\s*Topic:\s*(?P<name>\S+)\s.*?PartitionCount:\s*(?P<partitions>\d+)\s.*?"
    r"ReplicationFactor:\s*(?P<rf>\d+)(?:\s+Configs:\s*(?P<configs>\S*))?"
)


def topic_plan(catalog: dict[str, Any], environment: str, broker_count: int | str) -> dict[str, Any]:
    """Desired topics for `environment`: partitions, replication factor and topic configs, plus warnings."""
    brokers = int(broker_count)
    if brokers < 1:
        raise AnsibleFilterError("topic_plan: broker count must be at least 1")
    try:
        settings = {**catalog["defaults"], **(catalog.get("environments") or {}).get(environment, {})}
        requested_rf = int(settings["replicationFactor"])
        requested_isr = int(settings["minInsyncReplicas"])
        topics = catalog["topics"]
    except (KeyError, TypeError, ValueError) as err:
        raise AnsibleFilterError(f"topic catalog: missing or invalid key {err}") from err
    replication = min(requested_rf, brokers)
    min_insync = min(requested_isr, replication)
    warnings = []
    if replication != requested_rf or min_insync != requested_isr:
        warnings.append(
            f"topic catalog asks replicationFactor={requested_rf}, minInsyncReplicas={requested_isr} for "
            f"'{environment}' but the cluster has {brokers} broker(s): using {replication} and {min_insync}"
        )
    planned = []
    for index, topic in enumerate(topics):
        try:
            planned.append(
                {
                    "name": str(topic["name"]),
                    "partitions": int(topic["partitions"]),
                    "replication_factor": replication,
                    "config": {
                        "min.insync.replicas": str(min_insync),
                        "retention.ms": str(int(topic["retentionHours"]) * HOUR_MS),
                    },
                }
            )
        except (KeyError, TypeError, ValueError) as err:
            raise AnsibleFilterError(f"topic catalog: topics[{index}]: missing or invalid key {err}") from err
    return {"topics": planned, "warnings": warnings}


def described_topics(describe_output: str) -> dict[str, dict[str, Any]]:
    """Parse the summary lines of `kafka-topics.sh --describe` into {name: {partitions, replication_factor, config}}."""
    found: dict[str, dict[str, Any]] = {}
    for line in describe_output.splitlines():
        match = _SUMMARY.match(line)
        if not match:
            continue
        pairs = [item.split("=", 1) for item in (match["configs"] or "").split(",") if "=" in item]
        found[match["name"]] = {
            "partitions": int(match["partitions"]),
            "replication_factor": int(match["rf"]),
            "config": dict(pairs),
        }
    return found


def topic_changes(plan: dict[str, Any], existing: dict[str, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """What to do: topics to create, partition counts to raise, configs to set (only differences)."""
    create, partitions, configs = [], [], []
    for topic in plan["topics"]:
        current = existing.get(topic["name"])
        if current is None:
            create.append(topic)
            continue
        if current["partitions"] < topic["partitions"]:
            partitions.append(topic)
        drift = {k: v for k, v in topic["config"].items() if current["config"].get(k) != v}
        if drift:
            configs.append({"name": topic["name"], "config": drift})
    return {"create": create, "partitions": partitions, "configs": configs}


def config_pairs(config: dict[str, str]) -> list[str]:
    """`{"a": "1"}` -> `["a=1"]`, sorted, as kafka-configs.sh and kafka-topics.sh take them."""
    return [f"{key}={value}" for key, value in sorted(config.items())]


def config_args(config: dict[str, str]) -> list[str]:
    """`{"a": "1"}` -> `["--config", "a=1"]` for `kafka-topics.sh --create`."""
    return [arg for pair in config_pairs(config) for arg in ("--config", pair)]


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {
            "campus_topic_plan": topic_plan,
            "campus_described_topics": described_topics,
            "campus_topic_changes": topic_changes,
            "campus_config_pairs": config_pairs,
            "campus_config_args": config_args,
        }

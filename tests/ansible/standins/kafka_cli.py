#!/usr/bin/env python3
"""STAND-IN for the Apache Kafka distribution's scripts (tests only; the real release can't be downloaded here).

It keeps the contract the roles rely on, not Kafka's behaviour:
  kafka-storage.sh format   writes meta.properties into log.dirs; fails when it already exists, like Kafka.
  kafka-server-start.sh     refuses unformatted storage, then listens on every `listeners` port (no protocol).
  kafka-topics.sh           --describe / --create / --alter --partitions against a JSON file, in Kafka's format.
  kafka-configs.sh          --alter --add-config against the same file.
The topic commands fail when nothing listens on --bootstrap-server, like the real CLI.
"""

import json
import os
import socket
import sys
import time
from pathlib import Path

STATE = Path("/var/lib/kafka/standin-topics.json")


def properties(path: str) -> dict[str, str]:
    pairs = (
        line.split("=", 1) for line in Path(path).read_text().splitlines() if "=" in line and not line.startswith("#")
    )
    return {key.strip(): value.strip() for key, value in pairs}


def option(args: list[str], name: str) -> str:
    return args[args.index(name) + 1]


def options(args: list[str], name: str) -> list[str]:
    return [args[i + 1] for i, arg in enumerate(args) if arg == name]


def storage(args: list[str]) -> int:
    config = properties(option(args, "--config"))
    meta = Path(config["log.dirs"]) / "meta.properties"
    if meta.exists():
        print(f"Log directory {meta.parent} is already formatted.", file=sys.stderr)
        return 1
    meta.write_text(f"cluster.id={option(args, '--cluster-id')}\nnode.id={config['node.id']}\nversion=1\n")
    print(f"Formatting {meta.parent} with metadata.version 3.7-IV4.")
    return 0


def server(args: list[str]) -> int:
    config = properties(args[-1])
    if not (Path(config["log.dirs"]) / "meta.properties").exists():
        print("No meta.properties found in log.dirs: format the storage first", file=sys.stderr)
        return 1
    sockets = []
    for listener in config["listeners"].split(","):
        host, port = listener.split("://", 1)[1].rsplit(":", 1)
        sock = socket.create_server((host, int(port)))
        sockets.append(sock)
    while True:
        time.sleep(3600)


def connect(args: list[str]) -> None:
    host, port = option(args, "--bootstrap-server").rsplit(":", 1)
    socket.create_connection((host, int(port)), timeout=5).close()


def load() -> dict[str, dict]:
    return json.loads(STATE.read_text()) if STATE.exists() else {}


def topics(args: list[str]) -> int:
    connect(args)
    state = load()
    if "--describe" in args:
        for name, topic in sorted(state.items()):
            configs = ",".join(f"{k}={v}" for k, v in sorted(topic["config"].items()))
            print(
                f"Topic: {name}\tTopicId: standin\tPartitionCount: {topic['partitions']}\t"
                f"ReplicationFactor: {topic['rf']}\tConfigs: {configs}"
            )
            for partition in range(topic["partitions"]):
                print(f"\tTopic: {name}\tPartition: {partition}\tLeader: 1\tReplicas: 1\tIsr: 1")
        return 0
    name = option(args, "--topic")
    if "--create" in args:
        if name not in state:
            pairs = (item.split("=", 1) for item in options(args, "--config"))
            state[name] = {
                "partitions": int(option(args, "--partitions")),
                "rf": int(option(args, "--replication-factor")),
                "config": dict(pairs),
            }
    elif "--alter" in args:
        state[name]["partitions"] = int(option(args, "--partitions"))
    STATE.write_text(json.dumps(state))
    return 0


def configs(args: list[str]) -> int:
    connect(args)
    state = load()
    pairs = (item.split("=", 1) for item in option(args, "--add-config").split(","))
    state[option(args, "--entity-name")]["config"].update(dict(pairs))
    STATE.write_text(json.dumps(state))
    return 0


COMMANDS = {
    "kafka-storage.sh": storage,
    "kafka-server-start.sh": server,
    "kafka-topics.sh": topics,
    "kafka-configs.sh": configs,
}

if __name__ == "__main__":
    sys.exit(COMMANDS[os.path.basename(sys.argv[1])](sys.argv[2:]))

"""The amazon.aws.aws_ec2 inventory finds only the running lab host carrying the stack's tags (against moto)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.ansible.playbook_runner import PLAYBOOKS, REPO

STACK_TAGS = {"Project": "campus", "Environment": "learner-lab", "Stack": "learner-lab", "Role": "lab-host"}
ANSIBLE_INVENTORY = Path(sys.executable).with_name("ansible-inventory")


@pytest.fixture
def moto_endpoint() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def test_inventory_selects_running_tagged_lab_host(moto_endpoint: str) -> None:
    ec2 = boto3.client(
        "ec2",
        region_name="us-east-1",
        endpoint_url=moto_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    image = ec2.describe_images()["Images"][0]["ImageId"]

    def launch(tags: dict[str, str]) -> str:
        reply = ec2.run_instances(
            ImageId=image,
            MinCount=1,
            MaxCount=1,
            InstanceType="t3.medium",
            TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}],
        )
        return str(reply["Instances"][0]["InstanceId"])

    lab_host = launch(STACK_TAGS)
    stopped = launch(STACK_TAGS)
    launch({"Project": "campus", "Environment": "dev"})
    ec2.stop_instances(InstanceIds=[stopped])
    lab_ip = ec2.describe_instances(InstanceIds=[lab_host])["Reservations"][0]["Instances"][0]["PublicIpAddress"]

    env = {
        **os.environ,
        "AWS_ENDPOINT_URL": moto_endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"),
    }
    result = subprocess.run(
        [str(ANSIBLE_INVENTORY), "-i", str(PLAYBOOKS / "inventories" / "learner-lab.aws_ec2.yml"), "--list"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    listing = json.loads(result.stdout)
    for group in ("learner_lab", "kafka", "postgres", "lab_runtime"):
        assert listing[group]["hosts"] == [lab_ip], group
    host_vars = listing["_meta"]["hostvars"][lab_ip]
    assert unwrap(host_vars["ansible_user"]) == "admin"
    assert unwrap(host_vars["ansible_host"]) == lab_ip


def unwrap(value: object) -> object:
    """ansible-inventory --list marks templated values as {"__ansible_unsafe": value}."""
    return value.get("__ansible_unsafe", value) if isinstance(value, dict) else value

"""Helpers for the `campus lab` tests: moto EC2 instances with the stack's tags, and sample stack outputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config
from moto.ec2.models.amis import AMIS

REGION = "us-east-1"
# One of moto's default Linux AMIs, present in every region of a fresh server.
LINUX_AMI = next(ami["ami_id"] for ami in AMIS if ami.get("platform") != "windows")

SAMPLE_LAB_HOST: dict[str, Any] = {
    "instanceId": "i-0123456789abcdef0",
    "publicIp": "203.0.113.10",
    "privateIp": "172.31.5.6",
    "publicDns": "ec2-203-0-113-10.compute-1.amazonaws.com",
    "keyName": "vockey",
    "sshUser": "admin",
    "region": "us-east-1",
    "availabilityZone": "us-east-1a",
    "instanceType": "t3.medium",
    "rootVolumeGb": 40,
    "elasticIp": False,
}


def ec2_client(region: str = REGION) -> Any:
    return boto3.client("ec2", region_name=region, config=Config(retries={"total_max_attempts": 1}))


def launch(client: Any, *, stack: str = "learner-lab", role: str = "lab-host", project: str = "campus") -> str:
    """One running t3.medium with the learner-lab stack's tags, from one of moto's default AMIs."""
    tags = [
        {"Key": "Project", "Value": project},
        {"Key": "Stack", "Value": stack},
        {"Key": "Role", "Value": role},
        {"Key": "Environment", "Value": "learner-lab"},
    ]
    reservation = client.run_instances(
        ImageId=LINUX_AMI,
        InstanceType="t3.medium",
        MinCount=1,
        MaxCount=1,
        TagSpecifications=[{"ResourceType": "instance", "Tags": tags}],
    )
    return str(reservation["Instances"][0]["InstanceId"])


def state_of(client: Any, instance_id: str) -> str:
    reservations = client.describe_instances(InstanceIds=[instance_id])["Reservations"]
    return str(reservations[0]["Instances"][0]["State"]["Name"])


# The learner-lab stack's other exports, as `campus synth --stack learner-lab` writes them.
SAMPLE_EXPORTS: dict[str, Any] = {
    "environment": "learner-lab",
    "region": "us-east-1",
    "tables": {t: f"campus-learner-lab-{t}" for t in ("chat-sessions", "users", "notifications", "collaboration",
                                                       "leaderboards")},
    "buckets": {b: f"campus-learner-lab-{b}-123456789012-us-east-1" for b in ("vector-store", "documents", "audio",
                                                                                "quiz-assets", "access-logs")},
}


def write_outputs(path: Path, lab_host: dict[str, Any] | None = None, **changes: Any) -> Path:
    host = {**SAMPLE_LAB_HOST, **changes} if lab_host is None else lab_host
    path.write_text(json.dumps({"labHost": host, **SAMPLE_EXPORTS, "otherOutput": "ignored"}))
    return path

"""Find the lab host by the stack's tags and stop or start it, through the standard boto3 credential chain."""

from __future__ import annotations

import configparser
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

import boto3
import botocore.session
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConfigParseError,
    NoCredentialsError,
    ProfileNotFound,
    WaiterError,
)

from campus.errors import CampusInputError
from campus.lab.learner_lab import LAB_REGIONS, lab_region

if TYPE_CHECKING:
    from mypy_boto3_ec2 import EC2Client
    from mypy_boto3_ec2.type_defs import FilterTypeDef, WaiterConfigTypeDef

LIVE_STATES = ("pending", "running", "stopping", "stopped")
WAIT: WaiterConfigTypeDef = {"Delay": 5, "MaxAttempts": 120}  # up to 10 minutes


@dataclass(frozen=True)
class LabInstance:
    instance_id: str
    state: str
    instance_type: str
    public_ip: str | None
    launch_time: datetime | None
    elastic_ip: str | None

    def uptime(self, now: datetime) -> timedelta | None:
        # EC2 resets LaunchTime on every start, so this is the time since the last start.
        if self.state != "running" or self.launch_time is None:
            return None
        return now - self.launch_time


@dataclass(frozen=True)
class Transition:
    instance_id: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def lab_tags(stack: str) -> dict[str, str]:
    return {"Project": "campus", "Stack": stack, "Role": "lab-host"}


@cache
def _service_model_loader() -> object:
    return botocore.session.get_session().get_component("data_loader")


def _session(region: str | None = None) -> boto3.session.Session:
    # A fresh session per call, so credentials and region are read anew (they rotate every lab session);
    # only the JSON service models, which never change, are loaded once per process.
    core = botocore.session.get_session()
    core.register_component("data_loader", _service_model_loader())
    return boto3.session.Session(region_name=region, botocore_session=core)


@contextmanager
def aws_setup_errors() -> Iterator[None]:
    """Turns a malformed ~/.aws/config or credentials file, an unknown profile or a bad AWS_* setting, which
    botocore reports while setting up a session or client, into the one line the CLI shows."""
    try:
        yield
    except ConfigParseError as err:
        cause = err.kwargs.get("error")
        line = getattr(cause, "lineno", None)
        if line is None and isinstance(cause, configparser.ParsingError) and cause.errors:
            line = cause.errors[0][0]
        raise CampusInputError(
            "not a valid AWS config or credentials file (INI with [section] headers)",
            file=str(err.kwargs.get("path", "~/.aws/config")),
            key=f"line {line}" if line else None,
        ) from None
    except ProfileNotFound as err:
        raise CampusInputError(
            f"AWS profile {err.kwargs.get('profile')!r} is not in ~/.aws/config or ~/.aws/credentials",
            key="AWS_PROFILE",
        ) from None
    except (BotoCoreError, ValueError) as err:
        raise CampusInputError(
            f"cannot set up the AWS client ({err}); check the AWS_* environment variables and ~/.aws/config"
        ) from None


def resolve_region(option: str | None) -> str:
    """`--region` if given, else the boto3 chain's region (AWS_REGION, ~/.aws/config), else us-east-1."""
    if option is not None:
        return lab_region(option)
    with aws_setup_errors():
        configured = _session().region_name
    return lab_region(configured or LAB_REGIONS[0], key="region (AWS_REGION or ~/.aws/config; or pass --region)")


def ec2_client(region: str) -> EC2Client:
    # Region, credentials and AWS_ENDPOINT_URL (moto) come from the standard boto3 chain.
    with aws_setup_errors():
        return _session(region).client("ec2")


@contextmanager
def aws_errors(action: str) -> Iterator[None]:
    """Turns what AWS or botocore refuse into the one line the CLI shows."""
    try:
        yield
    except NoCredentialsError:
        raise CampusInputError(
            f"cannot {action}: no AWS credentials; copy Learner Lab's 'AWS Details → AWS CLI' block "
            "into ~/.aws/credentials (it changes every session)"
        ) from None
    except WaiterError as err:
        reason = err.last_response.get("Error", err)
        raise CampusInputError(f"gave up waiting to {action}: {reason}") from None
    except ClientError as err:
        error = err.response.get("Error", {})
        raise CampusInputError(
            f"cannot {action}: AWS says {error.get('Code', 'error')}: {error.get('Message', '')}".rstrip(": ")
        ) from None
    except BotoCoreError as err:
        raise CampusInputError(f"cannot {action}: {err}") from None


def find_lab_instances(client: EC2Client, stack: str) -> list[LabInstance]:
    tags = lab_tags(stack).items()
    filters: list[FilterTypeDef] = [{"Name": f"tag:{key}", "Values": [value]} for key, value in tags]
    filters.append({"Name": "instance-state-name", "Values": list(LIVE_STATES)})
    with aws_errors(f"list the lab hosts of stack {stack!r}"):
        raw = [
            instance
            for page in client.get_paginator("describe_instances").paginate(Filters=filters)
            for reservation in page["Reservations"]
            for instance in reservation["Instances"]
        ]
        elastic_ips = _elastic_ips(client, [instance["InstanceId"] for instance in raw])
    return sorted(
        (
            LabInstance(
                instance_id=instance["InstanceId"],
                state=instance["State"]["Name"],
                instance_type=instance["InstanceType"],
                public_ip=instance.get("PublicIpAddress"),
                launch_time=instance.get("LaunchTime"),
                elastic_ip=elastic_ips.get(instance["InstanceId"]),
            )
            for instance in raw
        ),
        key=lambda found: found.instance_id,
    )


def current_address(client: EC2Client, instance_id: str) -> tuple[str | None, str | None]:
    """The (public IP, public DNS name) the instance has now; both change at every start without an EIP."""
    with aws_errors(f"look up {instance_id}"):
        reservations = client.describe_instances(InstanceIds=[instance_id])["Reservations"]
    instance = reservations[0]["Instances"][0]
    return instance.get("PublicIpAddress"), instance.get("PublicDnsName") or None


def _elastic_ips(client: EC2Client, instance_ids: list[str]) -> dict[str, str]:
    if not instance_ids:
        return {}
    by_instance: list[FilterTypeDef] = [{"Name": "instance-id", "Values": instance_ids}]
    addresses = client.describe_addresses(Filters=by_instance)["Addresses"]
    return {address["InstanceId"]: address["PublicIp"] for address in addresses if "InstanceId" in address}


def stop_lab_instances(client: EC2Client, instances: list[LabInstance], *, wait: bool) -> list[Transition]:
    to_stop = [found.instance_id for found in instances if found.state in ("pending", "running")]
    with aws_errors("stop the lab host"):
        if to_stop:
            client.stop_instances(InstanceIds=to_stop)
        if wait:
            waiting = [found.instance_id for found in instances if found.state != "stopped"]
            if waiting:
                client.get_waiter("instance_stopped").wait(InstanceIds=waiting, WaiterConfig=WAIT)
        return _transitions(client, instances)


def start_lab_instances(client: EC2Client, instances: list[LabInstance], *, wait: bool) -> list[Transition]:
    stopping = [found.instance_id for found in instances if found.state == "stopping"]
    if stopping and not wait:
        raise CampusInputError(
            f"{', '.join(stopping)} is still stopping; run `campus lab start --wait` to start it once stopped"
        )
    with aws_errors("start the lab host"):
        if stopping:
            client.get_waiter("instance_stopped").wait(InstanceIds=stopping, WaiterConfig=WAIT)
        to_start = [found.instance_id for found in instances if found.state in ("stopped", "stopping")]
        if to_start:
            client.start_instances(InstanceIds=to_start)
        if wait:
            client.get_waiter("instance_running").wait(
                InstanceIds=[found.instance_id for found in instances], WaiterConfig=WAIT
            )
        return _transitions(client, instances)


def _transitions(client: EC2Client, before: list[LabInstance]) -> list[Transition]:
    ids = [found.instance_id for found in before]
    reservations = client.describe_instances(InstanceIds=ids)["Reservations"]
    now = {
        instance["InstanceId"]: instance["State"]["Name"]
        for reservation in reservations
        for instance in reservation["Instances"]
    }
    return [Transition(found.instance_id, found.state, now[found.instance_id]) for found in before]

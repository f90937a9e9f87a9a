"""`campus lab status | stop | start` against moto in server mode: states must really change in EC2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.lab.support import REGION, ec2_client, launch, state_of


def _status(run_lab: Any, *args: str) -> dict[str, Any]:
    result = run_lab("status", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_status_lists_only_hosts_carrying_all_three_stack_tags(ec2: Any, run_lab: Any) -> None:
    lab_host = launch(ec2)
    launch(ec2, stack="other-stack")
    launch(ec2, project="someone-else")
    launch(ec2, role="bastion")

    document = _status(run_lab)

    assert [found["instance_id"] for found in document["instances"]] == [lab_host]
    found = document["instances"][0]
    assert found["state"] == "running"
    assert found["instance_type"] == "t3.medium"
    assert found["elastic_ip"] is None
    assert (
        found["public_ip"]
        == ec2.describe_instances(InstanceIds=[lab_host])["Reservations"][0]["Instances"][0]["PublicIpAddress"]
    )
    assert isinstance(found["uptime_seconds"], int)
    assert document["session_time_left"] is None


def test_status_table_shows_the_host_and_says_the_session_clock_is_unknowable(ec2: Any, run_lab: Any) -> None:
    lab_host = launch(ec2)

    result = run_lab("status")

    assert result.exit_code == 0, result.output
    assert lab_host in result.stdout
    assert "running" in result.stdout
    assert "Session time left: unknown" in result.stdout


def test_status_shows_an_attached_elastic_ip(ec2: Any, run_lab: Any) -> None:
    lab_host = launch(ec2)
    allocation = ec2.allocate_address(Domain="vpc")
    ec2.associate_address(InstanceId=lab_host, AllocationId=allocation["AllocationId"])

    document = _status(run_lab)

    assert document["instances"][0]["elastic_ip"] == allocation["PublicIp"]


def test_stop_stops_the_host_and_a_second_stop_is_a_no_op(ec2: Any, run_lab: Any) -> None:
    lab_host = launch(ec2)

    first = run_lab("stop")
    assert first.exit_code == 0, first.output
    assert state_of(ec2, lab_host) == "stopped"
    assert f"{lab_host}: running → stopped" in first.stdout

    second = run_lab("stop")
    assert second.exit_code == 0, second.output
    assert f"{lab_host}: already stopped" in second.stdout
    assert state_of(ec2, lab_host) == "stopped"
    stopped = _status(run_lab)["instances"][0]
    assert (stopped["state"], stopped["uptime_seconds"]) == ("stopped", None)


def test_start_starts_a_stopped_host_and_a_second_start_is_a_no_op(ec2: Any, run_lab: Any) -> None:
    lab_host = launch(ec2)
    ec2.stop_instances(InstanceIds=[lab_host])
    assert state_of(ec2, lab_host) == "stopped"

    first = run_lab("start")
    assert first.exit_code == 0, first.output
    assert state_of(ec2, lab_host) == "running"
    assert f"{lab_host}: stopped → running" in first.stdout
    assert "public IP" in first.stdout

    second = run_lab("start", "--no-wait")
    assert second.exit_code == 0, second.output
    assert f"{lab_host}: already running" in second.stdout


def test_stop_and_start_act_on_the_named_stack_only(ec2: Any, run_lab: Any) -> None:
    lab_host = launch(ec2)
    other = launch(ec2, stack="learner-lab-2")

    result = run_lab("stop", "--stack", "learner-lab-2", "--no-wait")

    assert result.exit_code == 0, result.output
    assert state_of(ec2, other) in ("stopping", "stopped")
    assert state_of(ec2, lab_host) == "running"


def test_region_option_selects_where_to_look(aws: str, run_lab: Any) -> None:
    west = ec2_client("us-west-2")
    lab_host = launch(west)

    document = _status(run_lab, "--region", "us-west-2")

    assert [found["instance_id"] for found in document["instances"]] == [lab_host]
    assert document["region"] == "us-west-2"


def test_no_lab_host_is_one_line_and_exit_2(ec2: Any, campus_main: Any) -> None:
    launch(ec2, stack="other-stack")

    result = campus_main("status")

    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "no lab host tagged Project=campus, Stack=learner-lab, Role=lab-host in us-east-1" in result.stderr


def test_a_host_in_the_other_lab_region_is_not_found(ec2: Any, campus_main: Any) -> None:
    lab_host = launch(ec2)

    result = campus_main("stop", "--region", "us-west-2")

    assert result.exit_code == 2
    assert "in us-west-2" in result.stderr
    assert state_of(ec2, lab_host) == "running"


@pytest.mark.parametrize("command", ["status", "stop", "start"])
def test_a_region_learner_lab_does_not_offer_is_refused_naming_the_flag(
    aws: str, campus_main: Any, command: str
) -> None:
    result = campus_main(command, "--region", "eu-west-1")

    assert result.exit_code == 2
    assert result.stderr.startswith("campus: --region: 'eu-west-1' is not a Learner Lab region")
    assert result.stderr.count("\n") == 1


def test_a_configured_region_outside_learner_lab_is_refused(
    aws: str, campus_main: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")

    result = campus_main("status")

    assert result.exit_code == 2
    assert "'eu-central-1' is not a Learner Lab region" in result.stderr


def test_missing_credentials_are_one_line_and_exit_2(
    aws: str, campus_main: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", raising=False)

    result = campus_main("status", "--region", REGION)

    assert result.exit_code == 2
    assert "no AWS credentials" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("region_flag", [(), ("--region", REGION)])
def test_a_malformed_aws_config_file_is_one_line_naming_it_and_the_line(
    aws: str, campus_main: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, region_flag: tuple[str, ...]
) -> None:
    config = tmp_path / "aws-config"
    config.write_text("[default\nregion = us-east-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))

    result = campus_main("status", *region_flag)

    assert result.exit_code == 2
    assert result.stderr == (
        f"campus: {config}: line 1: not a valid AWS config or credentials file (INI with [section] headers)\n"
    )


def test_a_malformed_credentials_file_is_one_line_naming_it_and_the_line(
    aws: str, campus_main: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    credentials = tmp_path / "credentials"
    credentials.write_text("[default]\naws_access_key_id\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))

    result = campus_main("stop", "--region", REGION)

    assert result.exit_code == 2
    assert result.stderr.startswith(f"campus: {credentials}: line 2: not a valid AWS config or credentials file")
    assert result.stderr.count("\n") == 1


def test_an_unknown_aws_profile_is_one_line_naming_the_variable(
    aws: str, campus_main: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")

    result = campus_main("status")

    assert result.exit_code == 2
    assert result.stderr == (
        "campus: AWS_PROFILE: AWS profile 'no-such-profile' is not in ~/.aws/config or ~/.aws/credentials\n"
    )


@pytest.mark.parametrize(
    ("variable", "value", "shown"),
    [("AWS_ENDPOINT_URL", "not-a-url", "Invalid endpoint: not-a-url"), ("AWS_MAX_ATTEMPTS", "many", "'many'")],
)
def test_a_bad_aws_setting_is_one_line(
    aws: str, campus_main: Any, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, shown: str
) -> None:
    monkeypatch.setenv(variable, value)

    result = campus_main("start", "--region", REGION)

    assert result.exit_code == 2
    assert result.stderr.startswith("campus: cannot set up the AWS client (")
    assert shown in result.stderr
    assert result.stderr.count("\n") == 1

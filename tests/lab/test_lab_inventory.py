"""`campus lab inventory`: an Ansible inventory generated from the learner-lab stack's `labHost` output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.lab.support import SAMPLE_LAB_HOST, launch, write_outputs

ANSIBLE_INVENTORY = Path(sys.executable).parent / "ansible-inventory"


def test_inventory_puts_the_host_in_every_group_the_playbooks_use(tmp_path: Path, run_lab: Any) -> None:
    outputs = write_outputs(tmp_path / "outputs.json")
    out = tmp_path / "inventory.yml"

    result = run_lab("inventory", "--outputs", str(outputs), "--out", str(out))

    assert result.exit_code == 0, result.output
    children = yaml.safe_load(out.read_text())["all"]["children"]
    assert set(children) == {"learner_lab", "lab_runtime", "kafka", "postgres"}
    assert all(list(group["hosts"]) == ["lab-host"] for group in children.values())
    host = children["learner_lab"]["hosts"]["lab-host"]
    assert host["ansible_host"] == "203.0.113.10"
    assert host["ansible_user"] == "admin"
    assert host["ansible_ssh_private_key_file"] == "~/.ssh/labsuser.pem"
    assert host["instance_id"] == "i-0123456789abcdef0"
    assert host["aws_region"] == "us-east-1"
    assert host["placement"] == {"region": "us-east-1", "availability_zone": "us-east-1a"}
    assert host["lab_memory_mb"] == 4096
    assert host["lab_vcpus"] == 2


@pytest.mark.parametrize(
    ("instance_type", "memory_mb", "vcpus"),
    [("t3.nano", 512, 2), ("t3.small", 2048, 2), ("t3a.large", 8192, 2), ("t2.micro", 1024, 1)],
)
def test_memory_follows_the_instance_type(
    tmp_path: Path, run_lab: Any, instance_type: str, memory_mb: int, vcpus: int
) -> None:
    outputs = write_outputs(tmp_path / "outputs.json", instanceType=instance_type)

    result = run_lab("inventory", "--outputs", str(outputs), "--out", "-")

    assert result.exit_code == 0, result.output
    host = yaml.safe_load(result.stdout)["all"]["children"]["learner_lab"]["hosts"]["lab-host"]
    assert (host["lab_memory_mb"], host["lab_vcpus"]) == (memory_mb, vcpus)


def test_key_file_flag_and_key_name_choose_the_private_key(tmp_path: Path, run_lab: Any) -> None:
    own_key = write_outputs(tmp_path / "own.json", keyName="campus-lab")
    default = run_lab("inventory", "--outputs", str(own_key), "--out", "-")
    chosen = run_lab("inventory", "--outputs", str(own_key), "--out", "-", "--key-file", "/keys/lab.pem")

    def key_of(stdout: str) -> str:
        hosts = yaml.safe_load(stdout)["all"]["children"]["learner_lab"]["hosts"]
        return str(hosts["lab-host"]["ansible_ssh_private_key_file"])

    assert key_of(default.stdout) == "~/.ssh/campus-lab.pem"
    assert key_of(chosen.stdout) == "/keys/lab.pem"


def test_public_dns_stands_in_when_there_is_no_public_ip(tmp_path: Path, run_lab: Any) -> None:
    outputs = write_outputs(tmp_path / "outputs.json", publicIp=None)

    result = run_lab("inventory", "--outputs", str(outputs), "--out", "-")

    host = yaml.safe_load(result.stdout)["all"]["children"]["learner_lab"]["hosts"]["lab-host"]
    assert host["ansible_host"] == SAMPLE_LAB_HOST["publicDns"]


def test_ansible_reads_the_generated_inventory(tmp_path: Path, run_lab: Any) -> None:
    outputs = write_outputs(tmp_path / "outputs.json")
    out = tmp_path / "inventory.yml"
    assert run_lab("inventory", "--outputs", str(outputs), "--out", str(out)).exit_code == 0

    listed = subprocess.run(
        [str(ANSIBLE_INVENTORY), "-i", str(out), "--list"], capture_output=True, text=True, check=True
    )

    parsed = json.loads(listed.stdout)
    for group in ("learner_lab", "lab_runtime", "kafka", "postgres"):
        assert parsed[group]["hosts"] == ["lab-host"]
    host_vars = parsed["_meta"]["hostvars"]["lab-host"]
    assert host_vars["ansible_host"] == "203.0.113.10"
    assert host_vars["lab_memory_mb"] == 4096


def test_the_playbooks_group_vars_apply_to_the_generated_inventory(tmp_path: Path, project: Path, run_lab: Any) -> None:
    group_vars = project / "playbooks" / "inventories" / "group_vars" / "learner_lab"
    group_vars.mkdir(parents=True)
    (group_vars / "main.yml").write_text("campus_environment: learner-lab\n")
    outputs = write_outputs(tmp_path / "outputs.json")

    result = run_lab("inventory", "--outputs", str(outputs))

    assert result.exit_code == 0, result.output
    written = project / "out" / "learner-lab" / "inventory" / "hosts.yml"
    assert (written.parent / "group_vars").resolve() == group_vars.parent.resolve()
    listed = subprocess.run(
        [str(ANSIBLE_INVENTORY), "-i", str(written), "--host", "lab-host"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(listed.stdout)["campus_environment"] == "learner-lab"


def test_refresh_takes_the_current_address_from_ec2(ec2: Any, tmp_path: Path, run_lab: Any) -> None:
    instance_id = launch(ec2)
    current = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
    outputs = write_outputs(tmp_path / "outputs.json", instanceId=instance_id, publicIp="198.51.100.99")

    result = run_lab("inventory", "--outputs", str(outputs), "--out", "-", "--refresh")

    assert result.exit_code == 0, result.output
    host = yaml.safe_load(result.stdout)["all"]["children"]["learner_lab"]["hosts"]["lab-host"]
    assert host["ansible_host"] == current["PublicIpAddress"] != "198.51.100.99"


def test_refresh_of_an_instance_ec2_does_not_know_is_one_line(aws: str, tmp_path: Path, campus_main: Any) -> None:
    outputs = write_outputs(tmp_path / "outputs.json", instanceId="i-0000000000000dead")

    result = campus_main("inventory", "--outputs", str(outputs), "--out", "-", "--refresh")

    assert result.exit_code == 2
    assert result.stderr.startswith("campus: cannot look up i-0000000000000dead: AWS says InvalidInstanceID.NotFound")
    assert result.stderr.count("\n") == 1


def _broken(path: Path, document: object) -> Path:
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("{not json", "outputs.json: line 1: malformed JSON ("),
        ("[" * 100_000 + "]" * 100_000, "outputs.json: nested too deeply"),
        ({"other": 1}, "outputs.json: labHost: missing or not an object"),
        ({"labHost": "i-1"}, "outputs.json: labHost: missing or not an object"),
        (
            {"labHost": {k: v for k, v in SAMPLE_LAB_HOST.items() if k != "instanceId"}},
            "outputs.json: labHost.instanceId: Field required",
        ),
        ({"labHost": {**SAMPLE_LAB_HOST, "rootVolumeGb": "big"}}, "outputs.json: labHost.rootVolumeGb: "),
        (
            {"labHost": {**SAMPLE_LAB_HOST, "instanceType": "t3.xlarge"}},
            "outputs.json: labHost.instanceType: ",
        ),
        ({"labHost": {**SAMPLE_LAB_HOST, "region": "eu-west-1"}}, "outputs.json: labHost.region: "),
        (
            {"labHost": {**SAMPLE_LAB_HOST, "publicIp": None, "publicDns": ""}},
            "outputs.json: labHost.publicIp: the host has no public IP",
        ),
    ],
)
def test_bad_outputs_are_one_line_naming_file_and_key(
    tmp_path: Path, campus_main: Any, document: object, expected: str
) -> None:
    outputs = _broken(tmp_path / "outputs.json", document)

    result = campus_main("inventory", "--outputs", str(outputs), "--out", str(tmp_path / "inventory.yml"))

    assert result.exit_code == 2
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "inventory.yml").exists()


def test_missing_outputs_file_says_how_to_make_it(tmp_path: Path, campus_main: Any) -> None:
    result = campus_main("inventory", "--outputs", str(tmp_path / "absent.json"))

    assert result.exit_code == 2
    assert "absent.json: stack outputs not found; run `campus synth --stack learner-lab`" in result.stderr

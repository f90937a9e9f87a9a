"""Typed stack config: environment defaults, and bad input named by file and key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from campus.config import load_all_stacks, load_stack_config
from campus.errors import CampusInputError


@pytest.fixture
def project(tmp_path: Path, repo_root: Path) -> Path:
    shutil.copytree(repo_root / "stacks", tmp_path / "stacks", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def edit(project: Path, stack: str, **config: object) -> None:
    path = project / "stacks" / f"Pulumi.{stack}.yaml"
    doc = yaml.safe_load(path.read_text())
    for key, value in config.items():
        key = key.replace("__", ":")
        if value is None:
            doc["config"].pop(key, None)
        else:
            doc["config"][key] = value
    path.write_text(yaml.safe_dump(doc))


def error_for(project: Path, stack: str) -> str:
    with pytest.raises(CampusInputError) as err:
        load_stack_config(project, stack)
    return str(err.value)


def test_environment_defaults(repo_root: Path) -> None:
    stacks = load_all_stacks(repo_root)
    dev, prod = stacks["dev"], stacks["prod"]
    assert dev.network and dev.network.nat_gateways == "single" and not dev.protect_stateful
    assert prod.network and prod.network.nat_gateways == "perAz" and prod.protect_stateful
    assert len(prod.network.availability_zones) == 3
    assert prod.log_retention_days > dev.log_retention_days
    assert stacks["learner-lab"].network is None and stacks["learner-lab"].region == "us-east-1"


def test_unknown_key_is_named_with_its_file(project: Path) -> None:
    edit(project, "dev", campus__network={"cidr": "10.10.0.0/16", "availabilityZones": ["us-east-1a"],
                                          "natGateway": "single"})
    assert error_for(project, "dev") == "stacks/Pulumi.dev.yaml: campus:network.natGateway: unknown key"


def test_unknown_top_level_key(project: Path) -> None:
    edit(project, "dev", campus__colour="blue")
    assert error_for(project, "dev") == "stacks/Pulumi.dev.yaml: campus:colour: unknown key"


def test_wrong_type(project: Path) -> None:
    edit(project, "staging", campus__logRetentionDays="forever")
    assert error_for(project, "staging").startswith("stacks/Pulumi.staging.yaml: campus:logRetentionDays: ")


def test_prod_needs_three_azs(project: Path) -> None:
    edit(project, "prod", campus__network={"cidr": "10.30.0.0/16", "availabilityZones": ["us-east-1a", "us-east-1b"],
                                           "natGateways": "perAz"})
    message = error_for(project, "prod")
    assert message.startswith("stacks/Pulumi.prod.yaml: campus:network.availabilityZones: ")
    assert "at least 3" in message


def test_prod_must_protect_its_data(project: Path) -> None:
    edit(project, "prod", campus__protectStateful=False)
    assert error_for(project, "prod").startswith("stacks/Pulumi.prod.yaml: campus:protectStateful: ")


def test_protect_stateful_must_be_explicit(project: Path) -> None:
    edit(project, "dev", campus__protectStateful=None)
    assert error_for(project, "dev") == "stacks/Pulumi.dev.yaml: campus:protectStateful: required"


def test_region_not_allowed(project: Path) -> None:
    edit(project, "dev", aws__region="ap-south-1")
    assert error_for(project, "dev").startswith("stacks/Pulumi.dev.yaml: aws:region: ")


def test_learner_lab_region_must_be_one_learner_lab_offers(project: Path) -> None:
    edit(project, "learner-lab", aws__region="us-east-2")
    message = error_for(project, "learner-lab")
    assert message.startswith("stacks/Pulumi.learner-lab.yaml: aws:region: ") and "us-west-2" in message


def test_az_outside_region(project: Path) -> None:
    edit(project, "dev", campus__network={"cidr": "10.10.0.0/16", "availabilityZones": ["us-west-2a"]})
    assert "us-west-2a is not in region us-east-1" in error_for(project, "dev")


@pytest.mark.parametrize(("subnets", "needle"), [
    ({"public": ["10.10.0.0/24", "10.10.1.0/24"], "private": ["10.10.0.0/20", "10.10.16.0/20"],
      "isolated": ["10.10.40.0/24", "10.10.41.0/24"]}, "overlaps"),
    ({"public": ["10.99.0.0/24", "10.10.1.0/24"], "private": ["10.10.32.0/20", "10.10.16.0/20"],
      "isolated": ["10.10.40.0/24", "10.10.41.0/24"]}, "outside the VPC CIDR"),
    ({"public": ["10.10.0.0/24"], "private": ["10.10.32.0/20", "10.10.16.0/20"],
      "isolated": ["10.10.40.0/24", "10.10.41.0/24"]}, "one CIDR per availability zone"),
])
def test_ill_fitting_or_overlapping_subnets(project: Path, subnets: dict, needle: str) -> None:
    edit(project, "dev", campus__network={"cidr": "10.10.0.0/16", "availabilityZones": ["us-east-1a", "us-east-1b"],
                                          "subnets": subnets})
    message = error_for(project, "dev")
    assert message.startswith("stacks/Pulumi.dev.yaml: campus:network") and needle in message


def test_public_or_oversized_vpc_cidr(project: Path) -> None:
    edit(project, "dev", campus__network={"cidr": "8.8.0.0/16", "availabilityZones": ["us-east-1a"]})
    assert "private" in error_for(project, "dev")
    edit(project, "dev", campus__network={"cidr": "10.0.0.0/8", "availabilityZones": ["us-east-1a"]})
    assert "/16 to /20" in error_for(project, "dev")


def test_stacks_with_overlapping_vpcs_are_refused(project: Path) -> None:
    edit(project, "staging", campus__network={"cidr": "10.10.0.0/16",
                                              "availabilityZones": ["us-east-1a", "us-east-1b", "us-east-1c"]})
    with pytest.raises(CampusInputError, match=r"campus:network\.cidr: 10\.10\.0\.0/16 overlaps the dev VPC"):
        load_all_stacks(project)


def test_secrets_in_stack_config_are_refused(project: Path) -> None:
    edit(project, "dev", campus__dbPassword={"secure": "AAABAKx="})
    assert "campus:dbPassword" in error_for(project, "dev")


def test_malformed_yaml_names_the_line(project: Path) -> None:
    (project / "stacks" / "Pulumi.dev.yaml").write_text("config:\n  aws:region: [us-east-1\n")
    assert error_for(project, "dev").startswith("stacks/Pulumi.dev.yaml: line ")


@pytest.mark.parametrize(("line", "key"), [("123: foo", "123"), ("true: foo", "true")])
def test_a_config_key_that_is_not_text_is_named(project: Path, line: str, key: str) -> None:
    path = project / "stacks" / "Pulumi.dev.yaml"
    path.write_text(path.read_text() + f"  {line}\n")
    assert error_for(project, "dev").startswith(f"stacks/Pulumi.dev.yaml: {key}: config keys are text")


def test_a_duplicate_key_names_its_line_and_key(project: Path) -> None:
    (project / "stacks" / "Pulumi.dev.yaml").write_text(
        "config:\n  aws:region: us-east-1\n  campus:protectStateful: false\n  campus:protectStateful: true\n")
    assert error_for(project, "dev") == ("stacks/Pulumi.dev.yaml: line 4: malformed YAML "
                                         "(duplicate key 'campus:protectStateful', first on line 3)")


def test_a_stack_file_that_is_not_utf8_names_the_line(project: Path) -> None:
    path = project / "stacks" / "Pulumi.dev.yaml"
    text = path.read_bytes()
    path.write_bytes(text + b"#\xff\n")
    line = text.count(b"\n") + 1
    assert error_for(project, "dev") == f"stacks/Pulumi.dev.yaml: line {line}: not UTF-8 text (byte 0xff)"


def test_an_unreadable_stack_file_is_named(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    assert error_for(project, "dev") == "stacks/Pulumi.dev.yaml: cannot read the file (Permission denied)"


def test_ipv6_subnets_in_the_ipv4_vpc_are_named(project: Path) -> None:
    edit(project, "dev", campus__network={
        "cidr": "10.10.0.0/16", "availabilityZones": ["us-east-1a", "us-east-1b"],
        "subnets": {"public": ["fd00::/64", "fd00:0:0:1::/64"], "private": ["10.10.32.0/19", "10.10.64.0/19"],
                    "isolated": ["10.10.96.0/24", "10.10.97.0/24"]}})
    assert error_for(project, "dev") == ("stacks/Pulumi.dev.yaml: campus:network.subnets.public: "
                                         "fd00::/64 is not an IPv4 block (the VPC is IPv4 only)")


def test_a_boolean_is_not_a_course_port(project: Path) -> None:
    path = project / "stacks" / "Pulumi.learner-lab.yaml"
    path.write_text(path.read_text() + "    coursePorts: [true, 443]\n")
    assert error_for(project, "learner-lab") == ("stacks/Pulumi.learner-lab.yaml: campus:learnerLab.coursePorts[0]: "
                                                 "must be a number, not true/false")


@pytest.mark.parametrize(("stack", "config", "key"), [
    ("dev", {"campus__logRetentionDays": True}, "campus:logRetentionDays"),
    ("dev", {"campus__kafka": {"brokers": True}}, "campus:kafka.brokers"),
    ("dev", {"campus__database": {"minAcu": False}}, "campus:database.minAcu"),
    ("dev", {"campus__registry": {"keepTaggedImages": True}}, "campus:registry.keepTaggedImages"),
    ("learner-lab", {"campus__learnerLab": {"adminCidr": "198.51.100.10/32", "volumeGb": True}},
     "campus:learnerLab.volumeGb"),
])
def test_no_number_of_the_config_takes_a_boolean(project: Path, stack: str, config: dict, key: str) -> None:
    edit(project, stack, **config)
    assert error_for(project, stack) == f"stacks/Pulumi.{stack}.yaml: {key}: must be a number, not true/false"


def test_numbers_written_as_text_still_count(project: Path) -> None:
    # The Pulumi engine hands top-level config values to the program as text: "30" must stay 30.
    edit(project, "dev", campus__logRetentionDays="30")
    assert load_stack_config(project, "dev").log_retention_days == 30


@pytest.mark.parametrize("value", ["&a [*a]", "{k: &a {<<: *a}}"])
def test_a_recursive_alias_in_a_stack_file_names_its_line(project: Path, value: str) -> None:
    path = project / "stacks" / "Pulumi.dev.yaml"
    text = path.read_text()
    path.write_text(text + f"  campus:x: {value}\n")
    line = text.count("\n") + 1
    assert error_for(project, "dev") == (f"stacks/Pulumi.dev.yaml: line {line}: malformed YAML "
                                         "(recursive alias: a node contains itself)")


@pytest.mark.parametrize("depth", [1_000, 20_000])
def test_a_stack_file_nested_too_deeply_is_one_line(project: Path, depth: int) -> None:
    path = project / "stacks" / "Pulumi.dev.yaml"
    path.write_text(path.read_text() + "  campus:x: " + "[" * depth + "]" * depth + "\n")
    assert error_for(project, "dev") == "stacks/Pulumi.dev.yaml: nested too deeply"

"""`campus lab cost`: figures checked against sums done by hand from the prices in domain-facts.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.lab.support import write_outputs


def _cost(run_lab: Any, *args: str) -> dict[str, Any]:
    result = run_lab("cost", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_default_t3_medium_30_gb_without_elastic_ip(run_lab: Any) -> None:
    document = _cost(run_lab)

    # 0.0416 instance + 30 GB x 0.08 / 730 h = 0.0032877 EBS + 0.005 public IPv4 = 0.0498877 $/h
    assert document["running_per_hour"] == {
        "instance": 0.0416,
        "ebs_gp3": 0.003288,
        "public_ipv4": 0.005,
        "total": 0.049888,
    }
    # stopped: 30 GB x 0.08 = 2.40 $/month; the auto-assigned public IP is released, so nothing else
    assert document["stopped_per_month"] == {"ebs_gp3": 2.4, "elastic_ip": 0.0, "total": 2.4}
    # 50 / 0.0498877 = 1002.25 h = 250.56 sessions of 4 h
    assert document["running_hours_in_budget"] == 1002.3
    assert document["sessions_in_budget"] == 250.6
    assert document["price_unverified"] is False


def test_t3_large_100_gb_with_elastic_ip_and_100_usd(run_lab: Any) -> None:
    document = _cost(run_lab, "--instance-type", "t3.large", "--volume-gb", "100", "--elastic-ip", "--budget", "100")

    # 0.0832 + 100 x 0.08 / 730 = 0.0109589 + 0.005 = 0.0991589 $/h
    assert document["running_per_hour"]["ebs_gp3"] == 0.010959
    assert document["running_per_hour"]["total"] == 0.099159
    # stopped: 8.00 EBS + 0.005 x 730 = 3.65 for the Elastic IP
    assert document["stopped_per_month"] == {"ebs_gp3": 8.0, "elastic_ip": 3.65, "total": 11.65}
    # 100 / 0.0991589 = 1008.48 h
    assert document["running_hours_in_budget"] == 1008.5
    assert document["price_unverified"] is True


def test_outputs_supply_the_shape_and_flags_override_it(tmp_path: Path, run_lab: Any) -> None:
    outputs = write_outputs(tmp_path / "outputs.json", instanceType="t3.small", rootVolumeGb=20, elasticIp=True)

    from_outputs = _cost(run_lab, "--outputs", str(outputs))
    overridden = _cost(run_lab, "--outputs", str(outputs), "--no-elastic-ip", "--volume-gb", "50")

    assert (from_outputs["instance_type"], from_outputs["volume_gb"], from_outputs["elastic_ip"]) == (
        "t3.small",
        20,
        True,
    )
    # 20 x 0.08 = 1.60 EBS + 3.65 Elastic IP
    assert from_outputs["stopped_per_month"]["total"] == 5.25
    assert (overridden["instance_type"], overridden["volume_gb"], overridden["elastic_ip"]) == (
        "t3.small",
        50,
        False,
    )
    assert overridden["stopped_per_month"]["total"] == 4.0


def test_table_shows_totals_and_marks_unverified_prices(run_lab: Any) -> None:
    verified = run_lab("cost")
    unverified = run_lab("cost", "--instance-type", "t3.micro")

    assert verified.exit_code == unverified.exit_code == 0
    assert "$0.0499/h" in verified.stdout
    assert "$2.40/month" in verified.stdout
    assert "1002.3 h" in verified.stdout
    assert "†" not in verified.stdout
    assert "t3.micro instance †" in unverified.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("--instance-type", "t3.xlarge"),
            "campus: --instance-type: 't3.xlarge' is not allowed in Learner Lab",
        ),
        (
            ("--instance-type", "m5.large"),
            "campus: --instance-type: 'm5.large' is not allowed in Learner Lab",
        ),
        (("--volume-gb", "101"), "campus: --volume-gb: 101 GB is outside Learner Lab's EBS limit"),
        (("--volume-gb", "0"), "campus: --volume-gb: 0 GB is outside"),
        (("--budget", "0"), "campus: --budget: budget must be more than 0 USD"),
        (("--budget", "-5"), "campus: --budget: budget must be more than 0 USD"),
        # NaN made Decimal's comparison raise InvalidOperation; inf overflowed int() in the table.
        (("--budget", "nan"), "campus: --budget: budget must be more than 0 USD and at most 1000000 USD, got NaN"),
        (("--budget", "inf"), "campus: --budget: budget must be more than 0 USD and at most 1000000 USD, got Inf"),
        (("--budget", "-inf"), "campus: --budget: budget must be more than 0 USD"),
        (("--budget", "1e400"), "campus: --budget: budget must be more than 0 USD"),
        # Finite but too large for rounding the JSON figures (InvalidOperation).
        (("--budget", "1e30", "--format", "json"), "campus: --budget: budget must be more than 0 USD"),
    ],
)
def test_values_learner_lab_does_not_allow_exit_2_naming_the_flag(
    campus_main: Any, args: tuple[str, ...], expected: str
) -> None:
    result = campus_main("cost", *args)

    assert result.exit_code == 2
    assert result.stderr.startswith(expected)
    assert result.stderr.count("\n") == 1


def test_every_allowed_instance_type_has_a_price_and_nothing_larger_does() -> None:
    from campus.lab.learner_lab import INSTANCE_TYPES
    from campus.lab.prices import INSTANCE_HOURLY, UNVERIFIED_INSTANCE_PRICES

    assert set(INSTANCE_HOURLY) == set(INSTANCE_TYPES)
    assert all(name.rsplit(".", 1)[1] in {"nano", "micro", "small", "medium", "large"} for name in INSTANCE_TYPES)
    assert UNVERIFIED_INSTANCE_PRICES.issubset(INSTANCE_HOURLY)
    assert "t3.medium" not in UNVERIFIED_INSTANCE_PRICES


def test_the_largest_budget_allowed_still_gives_figures(run_lab: Any) -> None:
    document = _cost(run_lab, "--budget", "1000000")

    # 1,000,000 / (0.0416 + 30 x 0.08 / 730 + 0.005) $/h = 20,045,032.7 h
    assert document["running_hours_in_budget"] == 20045032.7


def test_a_volume_from_the_outputs_is_blamed_on_the_outputs_file(tmp_path: Path, campus_main: Any) -> None:
    outputs = write_outputs(tmp_path / "outputs.json", rootVolumeGb=500)

    result = campus_main("cost", "--outputs", str(outputs))

    assert result.exit_code == 2
    assert result.stderr == (
        f"campus: {outputs}: labHost.rootVolumeGb: 500 GB is outside Learner Lab's EBS limit (1..100 GB)\n"
    )


def test_a_volume_flag_overrides_a_volume_the_outputs_get_wrong(tmp_path: Path, run_lab: Any) -> None:
    outputs = write_outputs(tmp_path / "outputs.json", rootVolumeGb=500)

    assert _cost(run_lab, "--outputs", str(outputs), "--volume-gb", "20")["volume_gb"] == 20


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("{", "line 1: malformed JSON (Expecting property name enclosed in double quotes)"),
    ],
)
def test_outputs_that_are_not_json_are_one_line_naming_the_file(
    tmp_path: Path, campus_main: Any, document: str, expected: str
) -> None:
    outputs = tmp_path / "outputs.json"
    outputs.write_text(document)

    result = campus_main("cost", "--outputs", str(outputs))

    assert (result.exit_code, result.stderr) == (2, f"campus: {outputs}: {expected}\n")


def test_a_boolean_is_not_a_volume_size(tmp_path: Path, campus_main: Any) -> None:
    outputs = write_outputs(tmp_path / "outputs.json", rootVolumeGb=True)

    result = campus_main("cost", "--outputs", str(outputs))

    assert (result.exit_code, result.stderr) == (
        2, f"campus: {outputs}: labHost.rootVolumeGb: must be a number, not true/false\n")

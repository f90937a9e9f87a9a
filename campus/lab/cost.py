"""What the lab host costs running and stopped, and how many running hours a budget buys."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from campus.errors import CampusInputError
from campus.lab import prices
from campus.lab.learner_lab import MAX_VOLUME_GB, instance_type

SESSION_HOURS = 4  # a Learner Lab session lasts about 4 h
# Far above any Learner Lab credit; it keeps every figure within Decimal's precision when rounded for output.
MAX_BUDGET_USD = Decimal(1_000_000)


@dataclass(frozen=True)
class LabHostShape:
    instance_type: str
    volume_gb: int
    elastic_ip: bool


@dataclass(frozen=True)
class LabCost:
    shape: LabHostShape
    budget_usd: Decimal
    instance_hourly: Decimal
    ebs_hourly: Decimal
    public_ipv4_hourly: Decimal
    ebs_monthly_stopped: Decimal
    elastic_ip_monthly_stopped: Decimal
    price_unverified: bool

    @property
    def running_hourly(self) -> Decimal:
        return self.instance_hourly + self.ebs_hourly + self.public_ipv4_hourly

    @property
    def stopped_monthly(self) -> Decimal:
        return self.ebs_monthly_stopped + self.elastic_ip_monthly_stopped

    @property
    def running_hours_in_budget(self) -> Decimal:
        return self.budget_usd / self.running_hourly

    @property
    def sessions_in_budget(self) -> Decimal:
        return self.running_hours_in_budget / SESSION_HOURS


def check_volume_gb(volume_gb: int, *, source: str | None = None, key: str = "--volume-gb") -> int:
    if not 1 <= volume_gb <= MAX_VOLUME_GB:
        raise CampusInputError(
            f"{volume_gb} GB is outside Learner Lab's EBS limit (1..{MAX_VOLUME_GB} GB)", file=source, key=key
        )
    return volume_gb


def validate_shape(shape: LabHostShape, *, source: str | None = None) -> LabHostShape:
    instance_type(shape.instance_type, source=source, key="--instance-type")
    check_volume_gb(shape.volume_gb, source=source)
    return shape


def estimate(shape: LabHostShape, budget_usd: Decimal) -> LabCost:
    validate_shape(shape)
    # NaN compares as an error in Decimal and an infinite budget overflows the hours; neither is a budget.
    if not budget_usd.is_finite() or not 0 < budget_usd <= MAX_BUDGET_USD:
        raise CampusInputError(
            f"budget must be more than 0 USD and at most {MAX_BUDGET_USD} USD, got {budget_usd}", key="--budget"
        )
    ebs_monthly = prices.EBS_GP3_GB_MONTH * shape.volume_gb
    # A running host always holds one public IPv4 (its EIP or an auto-assigned one); only an EIP stays
    # allocated — and billed — while the host is stopped.
    return LabCost(
        shape=shape,
        budget_usd=budget_usd,
        instance_hourly=prices.INSTANCE_HOURLY[shape.instance_type],
        ebs_hourly=ebs_monthly / prices.HOURS_PER_MONTH,
        public_ipv4_hourly=prices.PUBLIC_IPV4_HOURLY,
        ebs_monthly_stopped=ebs_monthly,
        elastic_ip_monthly_stopped=(
            prices.PUBLIC_IPV4_HOURLY * prices.HOURS_PER_MONTH if shape.elastic_ip else Decimal(0)
        ),
        price_unverified=shape.instance_type in prices.UNVERIFIED_INSTANCE_PRICES,
    )


def cost_document(cost: LabCost) -> dict[str, object]:
    """The machine-readable form of `cost` (`campus lab cost --format json`)."""

    def usd(value: Decimal) -> float:
        return float(round(value, 6))

    return {
        "instance_type": cost.shape.instance_type,
        "volume_gb": cost.shape.volume_gb,
        "elastic_ip": cost.shape.elastic_ip,
        "budget_usd": usd(cost.budget_usd),
        "running_per_hour": {
            "instance": usd(cost.instance_hourly),
            "ebs_gp3": usd(cost.ebs_hourly),
            "public_ipv4": usd(cost.public_ipv4_hourly),
            "total": usd(cost.running_hourly),
        },
        "stopped_per_month": {
            "ebs_gp3": usd(cost.ebs_monthly_stopped),
            "elastic_ip": usd(cost.elastic_ip_monthly_stopped),
            "total": usd(cost.stopped_monthly),
        },
        "running_hours_in_budget": float(round(cost.running_hours_in_budget, 1)),
        "sessions_in_budget": float(round(cost.sessions_in_budget, 1)),
        "price_unverified": cost.price_unverified,
        "region_prices": "us-east-1 on-demand",
    }

"""What AWS Academy Learner Lab allows: two regions and burstable sizes up to `large`."""

from __future__ import annotations

from dataclasses import dataclass

from campus.errors import CampusInputError

LAB_REGIONS: tuple[str, ...] = ("us-east-1", "us-west-2")
DEFAULT_STACK = "learner-lab"
MAX_VOLUME_GB = 100


@dataclass(frozen=True)
class InstanceType:
    name: str
    vcpus: int
    memory_mib: int


def _family(prefix: str, vcpus: dict[str, int]) -> dict[str, InstanceType]:
    memory_mib = {"nano": 512, "micro": 1024, "small": 2048, "medium": 4096, "large": 8192}
    names = {size: f"{prefix}.{size}" for size in memory_mib}
    return {names[size]: InstanceType(names[size], vcpus[size], memory_mib[size]) for size in memory_mib}


_TWO_VCPUS = dict.fromkeys(("nano", "micro", "small", "medium", "large"), 2)
# Only the sizes Learner Lab allows (nano..large); anything bigger is refused at the door.
INSTANCE_TYPES: dict[str, InstanceType] = {
    **_family("t3", _TWO_VCPUS),
    **_family("t3a", _TWO_VCPUS),
    **_family("t2", {"nano": 1, "micro": 1, "small": 1, "medium": 2, "large": 2}),
}


def instance_type(name: str, *, source: str | None = None, key: str = "--instance-type") -> InstanceType:
    """The lab-allowed instance type `name`, or a CampusInputError naming where it came from."""
    found = INSTANCE_TYPES.get(name)
    if found is None:
        allowed = ", ".join(INSTANCE_TYPES)
        raise CampusInputError(
            f"{name!r} is not allowed in Learner Lab (sizes up to large only): use one of {allowed}",
            file=source,
            key=key,
        )
    return found


def lab_region(name: str, *, source: str | None = None, key: str = "--region") -> str:
    if name not in LAB_REGIONS:
        raise CampusInputError(
            f"{name!r} is not a Learner Lab region: use {' or '.join(LAB_REGIONS)}", file=source, key=key
        )
    return name

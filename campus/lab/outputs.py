"""The `labHost` stack output of the learner-lab stack, read from `out/<stack>/outputs.json`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from campus.catalog.yamlfile import parse_json, read_text
from campus.config.base import Whole
from campus.errors import CampusInputError
from campus.lab.learner_lab import INSTANCE_TYPES, LAB_REGIONS

OUTPUT_NAME = "labHost"


def default_outputs_file(stack: str) -> Path:
    return Path("out") / stack / "outputs.json"


class LabHost(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore", frozen=True)

    instance_id: str = Field(alias="instanceId", min_length=1)
    public_ip: str | None = Field(default=None, alias="publicIp")
    private_ip: str | None = Field(default=None, alias="privateIp")
    public_dns: str | None = Field(default=None, alias="publicDns")
    key_name: str | None = Field(default=None, alias="keyName")
    ssh_user: str = Field(alias="sshUser", min_length=1)
    region: str
    availability_zone: str | None = Field(default=None, alias="availabilityZone")
    instance_type: str = Field(alias="instanceType")
    root_volume_gb: Whole = Field(alias="rootVolumeGb", ge=1)
    elastic_ip: bool = Field(default=False, alias="elasticIp")

    @property
    def address(self) -> str | None:
        """Where ssh reaches the host: its public IP, else its public DNS name."""
        return self.public_ip or self.public_dns or None


MISSING = "stack outputs not found; run `campus synth --stack learner-lab` or export them from Pulumi"


def read_outputs(outputs_file: Path) -> Any:
    """The parsed stack outputs file; a missing, unreadable, malformed or too deeply nested one names the file."""
    source = str(outputs_file)
    try:
        outputs_file.stat()
    except FileNotFoundError:
        raise CampusInputError(MISSING, file=source) from None
    except OSError:
        pass  # reading it names the problem
    return parse_json(read_text(outputs_file, source), source)


def load_lab_host(outputs_file: Path) -> LabHost:
    """The `labHost` output in `outputs_file`; anything missing or malformed names the file and key."""
    source = str(outputs_file)
    document = read_outputs(outputs_file)
    if not isinstance(document, dict) or not isinstance(document.get(OUTPUT_NAME), dict):
        raise CampusInputError("missing or not an object", file=source, key=OUTPUT_NAME)
    try:
        host = LabHost.model_validate(document[OUTPUT_NAME])
    except ValidationError as err:
        first = err.errors()[0]
        key = ".".join((OUTPUT_NAME, *(str(part) for part in first["loc"])))
        raise CampusInputError(first["msg"], file=source, key=key) from None
    if host.region not in LAB_REGIONS:
        raise CampusInputError(
            f"{host.region!r} is not a Learner Lab region ({', '.join(LAB_REGIONS)})",
            file=source,
            key=f"{OUTPUT_NAME}.region",
        )
    if host.instance_type not in INSTANCE_TYPES:
        raise CampusInputError(
            f"{host.instance_type!r} is not a Learner Lab instance type (nano..large)",
            file=source,
            key=f"{OUTPUT_NAME}.instanceType",
        )
    return host

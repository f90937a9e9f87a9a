from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError


class Strict(BaseModel):
    """Config models reject unknown keys and are immutable once validated."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


def _not_a_boolean(value: Any) -> Any:
    # pydantic's lax mode reads true as 1: `coursePorts: [true]` would open port 1. Numbers given as text stay
    # accepted, since the Pulumi engine hands top-level config values to the program as strings.
    if isinstance(value, bool):
        raise PydanticCustomError("bool_not_number", "must be a number, not true/false")
    return value


# A whole number or a number that refuses true/false; use them for every count, size, port and duration.
Whole = Annotated[int, BeforeValidator(_not_a_boolean)]
Number = Annotated[float, BeforeValidator(_not_a_boolean)]

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Config models reject unknown keys and are immutable once validated."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

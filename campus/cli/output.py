"""Shared console helpers: rich for people, JSON for machines."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from rich.console import Console

console = Console(highlight=False)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, sort_keys=True, default=str))

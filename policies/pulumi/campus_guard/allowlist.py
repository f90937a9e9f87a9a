"""The documented allow-list of actions that may be granted on Resource "*".

The list and each entry's reason live in data/wildcard-resource-actions.yaml.
"""

from __future__ import annotations

import fnmatch
from functools import lru_cache
from pathlib import Path

import yaml

ALLOWLIST_FILE = Path(__file__).parent / "data" / "wildcard-resource-actions.yaml"


@lru_cache(maxsize=1)
def wildcard_resource_actions() -> tuple[str, ...]:
    document = yaml.safe_load(ALLOWLIST_FILE.read_text())
    return tuple(str(entry["action"]).lower() for entry in document["actions"])


def may_use_wildcard_resource(action: str) -> bool:
    return any(fnmatch.fnmatchcase(action.lower(), pattern) for pattern in wildcard_resource_actions())

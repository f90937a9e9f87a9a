"""IAM policy documents: inputs carry them as JSON strings (`policy`, `assumeRolePolicy`)."""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .props import as_list


@dataclass(frozen=True)
class Statement:
    index: int
    effect: str
    actions: tuple[str, ...]
    not_actions: tuple[str, ...]
    resources: tuple[str, ...]
    principals: Mapping[str, tuple[str, ...]] | str | None
    conditions: Mapping[str, Mapping[str, tuple[str, ...]]]

    @property
    def allows(self) -> bool:
        return self.effect == "Allow"

    def grants(self, action: str) -> bool:
        """Whether one of the statement's action patterns covers `action` (case-insensitive, as IAM)."""
        return any(fnmatch.fnmatchcase(action.lower(), pattern.lower()) for pattern in self.actions)


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in as_list(value))


def _principals(value: Any) -> Mapping[str, tuple[str, ...]] | str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return {str(kind): _strings(ids) for kind, ids in value.items()}
    return None


def _conditions(value: Any) -> Mapping[str, Mapping[str, tuple[str, ...]]]:
    if not isinstance(value, Mapping):
        return {}
    return {
        str(operator): {str(key): _strings(v) for key, v in entries.items()}
        for operator, entries in value.items()
        if isinstance(entries, Mapping)
    }


def parse_document(document: Any) -> Mapping[str, Any]:
    """A policy document from its JSON string (or an already-decoded mapping); {} when absent or not JSON."""
    if document is None:
        return {}
    if isinstance(document, str):
        try:
            decoded = json.loads(document)
        except json.JSONDecodeError:
            return {}
        return decoded if isinstance(decoded, Mapping) else {}
    return document if isinstance(document, Mapping) else {}


def statements(document: Any) -> Iterator[Statement]:
    for index, raw in enumerate(as_list(parse_document(document).get("Statement"))):
        if not isinstance(raw, Mapping):
            continue
        yield Statement(
            index=index,
            effect=str(raw.get("Effect", "")),
            actions=_strings(raw.get("Action")),
            not_actions=_strings(raw.get("NotAction")),
            resources=_strings(raw.get("Resource")),
            principals=_principals(raw.get("Principal")),
            conditions=_conditions(raw.get("Condition")),
        )


def condition_values(statement: Statement, operator: str, key_suffix: str) -> tuple[str, ...]:
    """Values of condition keys ending with `key_suffix` (":sub") under `operator` (StringEquals)."""
    found: list[str] = []
    for key, values in statement.conditions.get(operator, {}).items():
        if key.endswith(key_suffix):
            found.extend(values)
    return tuple(found)

"""Reading resource properties in their wire (camelCase) form.

Properties arrive wrapped in pulumi-policy's unknown-checking proxies, which are Mappings and Sequences but
not dicts and lists; reading an unknown value raises pulumi-policy's UnknownValueError on purpose.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

ENVIRONMENTS = ("dev", "staging", "prod", "learner-lab")
REQUIRED_TAGS = ("Project", "Environment", "Owner", "CostCenter", "DataClassification")

_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def dig(props: Any, path: str) -> Any:
    """The value at `a.b[0].c`, or None where any step is missing."""
    current = props
    for match in _PATH_PART.finditer(path):
        key, index = match.group(1), match.group(2)
        if key is not None:
            if not isinstance(current, Mapping):
                return None
            current = current.get(key)
        else:
            if not is_list(current) or int(index) >= len(current):
                return None
            current = current[int(index)]
        if current is None:
            return None
    return current


def is_list(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if is_list(value):
        return list(value)
    return [value]


def truthy(value: Any) -> bool:
    """True for True and "true" (some provider inputs, e.g. launch template EBS flags, are strings)."""
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return value is True


def tags_of(props: Mapping[str, Any]) -> Mapping[str, Any]:
    tags = props.get("tags")
    return tags if isinstance(tags, Mapping) else {}


def environment_of(props: Mapping[str, Any]) -> str | None:
    value = tags_of(props).get("Environment")
    return value if isinstance(value, str) else None


def is_prod(props: Mapping[str, Any]) -> bool:
    return environment_of(props) == "prod"


def only_prod(props: Mapping[str, Any]) -> str | None:
    """Applicability for prod-only rules: the resource's `Environment` tag says where it runs."""
    return None if is_prod(props) else f"Environment is {environment_of(props)!r}, rule applies to prod"


def provider_default_tags(provider_props: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """The AWS provider's `defaultTags.tags`; provider inputs may carry the object JSON-encoded."""
    if provider_props is None:
        return {}
    default_tags = provider_props.get("defaultTags")
    if isinstance(default_tags, str):
        try:
            default_tags = json.loads(default_tags)
        except json.JSONDecodeError:
            return {}
    tags = default_tags.get("tags") if isinstance(default_tags, Mapping) else None
    return tags if isinstance(tags, Mapping) else {}


class WithDefaultTags(Mapping[str, Any]):
    """A resource's properties with `tags` as AWS applies them: provider default tags, overridden by its own."""

    def __init__(self, props: Mapping[str, Any], provider_props: Mapping[str, Any] | None) -> None:
        self._props = props
        self._defaults = provider_default_tags(provider_props)

    def __getitem__(self, key: str) -> Any:
        if key != "tags" or not self._defaults:
            return self._props[key]
        own = self._props.get("tags")
        return {**self._defaults, **(own if isinstance(own, Mapping) else {})}

    def __iter__(self) -> Iterator[str]:
        yield from self._props
        if self._defaults and "tags" not in self._props:
            yield "tags"

    def __len__(self) -> int:
        return sum(1 for _ in self)

"""Relationships between resources for stack rules.

pulumi-aws 7 models a bucket's encryption, versioning, public access block, policy and logging as separate
resources. A configuration belongs to a resource when one of its inputs depends on that resource (property
dependencies, as the engine records them) or holds one of its identifiers (id, arn, name).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pulumi_policy import PolicyResource

from .props import is_list

_IDENTIFIER_KEYS = ("id", "arn", "name", "bucket")


def of_type(resources: Sequence[PolicyResource], resource_type: str) -> list[PolicyResource]:
    return [r for r in resources if r.resource_type == resource_type]


def identifiers(resource: PolicyResource) -> set[str]:
    found = {resource.urn}
    for key in _IDENTIFIER_KEYS:
        value = resource.props.get(key)
        if isinstance(value, str) and value:
            found.add(value)
    return found


def _leaf_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _leaf_strings(item)
    elif is_list(value):
        for item in value:
            yield from _leaf_strings(item)


def refers_to(resource: PolicyResource, prop: str, target: PolicyResource) -> bool:
    if any(dep.urn == target.urn for dep in resource.property_dependencies.get(prop, [])):
        return True
    wanted = identifiers(target)
    return any(value in wanted for value in _leaf_strings(resource.props.get(prop)))


def referring(
    resources: Sequence[PolicyResource], resource_type: str, prop: str, target: PolicyResource
) -> list[PolicyResource]:
    """Resources of `resource_type` whose `prop` refers to `target`."""
    return [r for r in of_type(resources, resource_type) if refers_to(r, prop, target)]


def referred(
    resources: Sequence[PolicyResource], source: PolicyResource, prop: str, resource_type: str
) -> list[PolicyResource]:
    """Resources of `resource_type` that `source`'s `prop` refers to."""
    return [r for r in of_type(resources, resource_type) if refers_to(source, prop, r)]

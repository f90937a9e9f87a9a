"""Where IAM permission documents live on the resources campus creates."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from . import aws_types as t
from .props import as_list

PERMISSION_DOCUMENT_TYPES = frozenset({t.IAM_POLICY, t.IAM_ROLE_POLICY, t.IAM_ROLE})


def permission_documents(resource_type: str, props: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """(property path, JSON document) pairs granting permissions (not trust policies)."""
    if resource_type in (t.IAM_POLICY, t.IAM_ROLE_POLICY):
        yield "policy", props.get("policy")
    elif resource_type == t.IAM_ROLE:
        for index, inline in enumerate(as_list(props.get("inlinePolicies"))):
            yield f"inlinePolicies[{index}].policy", inline.get("policy")

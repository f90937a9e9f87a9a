"""IAM policy documents as JSON built in Python: deterministic, readable, and identical offline and for real."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pulumi

Resources = pulumi.Input[str] | Sequence[pulumi.Input[str]]


def statement(effect: str, actions: list[str], resources: Resources | None = None, *, sid: str | None = None,
              principal: dict[str, Any] | None = None, condition: dict[str, Any] | None = None) -> dict[str, Any]:
    st: dict[str, Any] = {}
    if sid:
        st["Sid"] = sid
    st["Effect"] = effect
    if principal is not None:
        st["Principal"] = principal
    st["Action"] = actions[0] if len(actions) == 1 else sorted(actions)
    if resources is not None:  # trust policies name no resource: IAM rejects one
        st["Resource"] = resources
    if condition:
        st["Condition"] = condition
    return st


def document(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def to_json(doc: Any) -> pulumi.Output[str]:
    """Serialize a document that may hold Outputs (ARNs not known until the provider answers)."""
    return pulumi.Output.from_input(doc).apply(lambda d: json.dumps(d, indent=None, separators=(",", ":")))

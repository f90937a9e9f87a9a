"""Decode each request's properties once, not once per policy.

pulumi-policy's analyzer calls `json_format.MessageToDict(request.properties)` again for every policy it runs
(66 times per resource here, and once per resource for every stack policy). The conversion is pure, and
`deserialize_properties` builds new containers from what it reads, so handing every policy the same decoded
dict gives each the same values as before. Outside `decoded_once()` the original function runs unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import pulumi_policy.policy as policy_module
from google.protobuf import json_format

_Memo = dict[int, tuple[Any, dict[str, Any]]]
_memo: ContextVar[_Memo | None] = ContextVar("campus_crossguard_decoded", default=None)


class _JsonFormatDecodingOnce:
    """Stands in for `json_format` inside pulumi_policy.policy; every other attribute is json_format's own."""

    def __getattr__(self, name: str) -> Any:
        return getattr(json_format, name)

    @staticmethod
    def MessageToDict(message: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        memo = _memo.get()
        if memo is None or args or kwargs:
            return json_format.MessageToDict(message, *args, **kwargs)
        # The memo keeps the message alive, so its id cannot be reused by another message meanwhile.
        hit = memo.get(id(message))
        if hit is None or hit[0] is not message:
            hit = memo[id(message)] = (message, json_format.MessageToDict(message))
        return hit[1]


policy_module.json_format = _JsonFormatDecodingOnce()


@contextmanager
def decoded_once() -> Iterator[None]:
    """Within the block (this thread or task only), a message's properties are decoded on first use only."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)

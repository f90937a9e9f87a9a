"""Mocks that answer like the AWS and Kubernetes providers would: ids, ARNs, endpoints and data-source lookups.

Everything is derived from the resource's type and name, so two synths of the same commit are byte-identical.
Values a provider computes and a dependent resource reads (an ARN in a policy, an endpoint in a ConfigMap) must be
present here, or they silently arrive as None.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from pulumi.runtime.mocks import MockCallArgs, MockResourceArgs, Mocks

from campus.engine import aws_outputs, invokes

_NAMESPACE = uuid.UUID("6f0c1c1e-8d55-4a8e-9d1e-2c0a7c1d5e11")


class CampusMocks(Mocks):
    def __init__(self, *, account_id: str, region: str, stack: str) -> None:
        self.account_id = account_id
        self.region = region
        self.stack = stack
        self.invoked: list[str] = []

    def digest(self, *parts: str, length: int = 17) -> str:
        return hashlib.sha256("/".join((self.stack, *parts)).encode()).hexdigest()[:length]

    def uuid(self, *parts: str) -> str:
        return str(uuid.uuid5(_NAMESPACE, "/".join((self.stack, *parts))))

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        inputs = dict(args.inputs)
        if not args.custom:
            return None, {}
        typ = args.typ
        if typ.startswith("pulumi:providers:"):
            return self.uuid("provider", args.name), inputs
        if typ.startswith("aws:"):
            ident, computed = aws_outputs.compute(self, typ, args.name, inputs)
            return ident, {**inputs, **computed}
        if typ.startswith("kubernetes:"):
            meta = inputs.get("metadata") or {}
            name = meta.get("name") or args.name
            namespace = meta.get("namespace")
            ident = f"{namespace}/{name}" if namespace else name
            return ident, {**inputs, "metadata": {**meta, "name": name, "uid": self.uuid("k8s", ident)}}
        return f"{args.name}-{self.digest(typ, args.name, length=8)}", inputs

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        self.invoked.append(args.token)
        return invokes.answer(self, args.token, dict(args.args)), []


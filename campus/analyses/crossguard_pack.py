"""Loads the CrossGuard pack (`policies/pulumi/campus_guard`) in-process and exposes its rules to campus.

The pack is self-contained so it also runs in its own virtualenv under `pulumi preview --policy-pack`; campus
imports it from the repository by path and converts its metadata to `RuleMeta`.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

from pulumi_policy import Policy

from campus.errors import CampusInputError
from campus.findings import ControlRef, RuleMeta

PACK_DIR = Path(__file__).resolve().parents[2] / "policies" / "pulumi"
PACKAGE = "campus_guard"


@dataclass(frozen=True)
class PackRule:
    meta: RuleMeta
    kind: Literal["resource", "stack"]
    # The properties the rule reads, named in pass evidence.
    properties: tuple[str, ...]
    policy: Policy
    # Stack rules only: which resources the rule passes or fails, given type, properties and provider inputs.
    is_subject: Callable[[str, Mapping[str, Any], Mapping[str, Any] | None], bool] | None


@lru_cache(maxsize=1)
def load_pack() -> ModuleType:
    init = PACK_DIR / PACKAGE / "__init__.py"
    if not init.exists():
        raise CampusInputError("the CrossGuard pack is missing", file=str(init))
    spec = importlib.util.spec_from_file_location(PACKAGE, init, submodule_search_locations=[str(init.parent)])
    if spec is None or spec.loader is None:
        raise CampusInputError("cannot import the CrossGuard pack", file=str(init))
    module = importlib.util.module_from_spec(spec)
    # Registered before running so the pack's relative imports resolve against this copy.
    sys.modules[PACKAGE] = module
    spec.loader.exec_module(module)
    return module


def _rule_meta(rule: Any) -> RuleMeta:
    meta = rule.meta
    return RuleMeta(
        id=meta.id,
        title=meta.title,
        description=meta.description,
        severity=meta.severity,
        enforcement=meta.enforcement,
        remediation=meta.remediation,
        controls=tuple(ControlRef(framework=c.framework, version=c.version, id=c.id) for c in meta.controls),
    )


@lru_cache(maxsize=1)
def pack_contents() -> tuple[PackRule, ...]:
    return tuple(
        PackRule(
            meta=_rule_meta(rule),
            kind=rule.kind,
            properties=tuple(rule.meta.properties),
            policy=rule.policy(),
            is_subject=rule.is_subject if rule.kind == "stack" else None,
        )
        for rule in load_pack().all_rules()
    )


def pack_name() -> str:
    return str(load_pack().PACK_NAME)


def pack_rules() -> list[RuleMeta]:
    """Metadata of every rule in the pack, ordered by rule id."""
    return [rule.meta for rule in pack_contents()]

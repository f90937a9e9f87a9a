"""One module per rule; each defines `RULE`. Discovered by name so adding a rule is adding a module."""

from __future__ import annotations

import importlib
import pkgutil

from ..rule import Rule


def all_rules() -> list[Rule]:
    rules: list[Rule] = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        rules.append(module.RULE)
    return sorted(rules, key=lambda r: r.meta.id)

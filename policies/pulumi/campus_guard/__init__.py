"""campus guardrails: the CrossGuard rules, importable without starting the policy pack's gRPC server.

Self-contained on purpose: this package needs pulumi-policy (and PyYAML, a pulumi dependency) only, so the
pack runs in its own virtualenv under `pulumi preview --policy-pack`.
"""

from __future__ import annotations

from pulumi_policy import Policy

from .rule import Control, ResourceRule, Rule, RuleMetadata, StackRule
from .rules import all_rules

PACK_NAME = "campus-guardrails"

__all__ = [
    "PACK_NAME",
    "Control",
    "ResourceRule",
    "Rule",
    "RuleMetadata",
    "StackRule",
    "all_rules",
    "policies",
]


def policies() -> list[Policy]:
    return [rule.policy() for rule in all_rules()]

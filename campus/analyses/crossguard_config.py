"""Policy pack configuration in Pulumi's `--policy-pack-config` form.

`{"all": "advisory", "CG-S3-008": "disabled", "CG-EC2-004": {"enforcementLevel": "mandatory",
"allowedResources": ["bastion"]}}`: per rule (or "all") an enforcement level, or an object with an optional
enforcementLevel plus the rule's own properties.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from google.protobuf.struct_pb2 import Struct
from pulumi.runtime.proto import analyzer_pb2 as proto

from campus.analyses.crossguard_pack import PackRule
from campus.catalog.yamlfile import read_text
from campus.errors import CampusInputError

LEVELS = {
    "advisory": proto.ADVISORY,
    "mandatory": proto.MANDATORY,
    "remediate": proto.REMEDIATE,
    "disabled": proto.DISABLED,
}
ALL = "all"


@dataclass(frozen=True)
class RuleSettings:
    level: str
    properties: Mapping[str, Any]


def _split(value: Any, key: str, source: str | None) -> tuple[str | None, Mapping[str, Any]]:
    level: str | None
    if isinstance(value, str):
        level, properties = value, {}
    elif isinstance(value, Mapping):
        level = value.get("enforcementLevel")
        properties = {k: v for k, v in value.items() if k != "enforcementLevel"}
    else:
        raise CampusInputError("must be an enforcement level or an object", file=source, key=key)
    if level is not None and level not in LEVELS:
        raise CampusInputError(f"enforcementLevel {level!r} is not one of {', '.join(LEVELS)}", file=source, key=key)
    return level, properties


def resolve_settings(
    rules: tuple[PackRule, ...], config: Mapping[str, Any] | None, source: str | None = None
) -> dict[str, RuleSettings]:
    """Each rule's effective enforcement level and properties: rule entry, else "all", else the rule's own."""
    config = config or {}
    known = {rule.meta.id for rule in rules}
    for key in config:
        if key != ALL and key not in known:
            raise CampusInputError("names no rule of the CrossGuard pack", file=source, key=key)
    default_level, _ = _split(config[ALL], ALL, source) if ALL in config else (None, {})
    settings: dict[str, RuleSettings] = {}
    for rule in rules:
        level, properties = _split(config[rule.meta.id], rule.meta.id, source) if rule.meta.id in config else (None, {})
        settings[rule.meta.id] = RuleSettings(level or default_level or rule.meta.enforcement, properties)
    return settings


def configure_request(settings: Mapping[str, RuleSettings]) -> proto.ConfigureAnalyzerRequest:
    """What the Pulumi engine sends: every policy with its resolved level, so none falls back to advisory."""
    request = proto.ConfigureAnalyzerRequest()
    for rule_id, rule_settings in settings.items():
        properties = Struct()
        properties.update(dict(rule_settings.properties))
        request.policyConfig[rule_id].CopyFrom(
            proto.PolicyConfig(enforcementLevel=LEVELS[rule_settings.level], properties=properties)
        )
    return request


def load_policy_config(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise CampusInputError("file not found", file=str(path))
    try:
        document = json.loads(read_text(path))
    except json.JSONDecodeError as err:
        raise CampusInputError(f"not valid JSON (line {err.lineno})", file=str(path)) from None
    if not isinstance(document, dict):
        raise CampusInputError("must be a JSON object keyed by rule id", file=str(path))
    return document

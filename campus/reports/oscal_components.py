"""oscal/component-definition.json: one component per engine's rule set, implementing what its rules check."""

from __future__ import annotations

from collections import defaultdict

from trestle.oscal import OSCAL_VERSION

from campus.findings import ControlRef, RuleMeta
from campus.reports import oscal_checks
from campus.reports.assessment import natural_key
from campus.reports.model import GateRun
from campus.reports.oscal_common import (
    OscalDict,
    catalog_href,
    control_token,
    oscal_time,
    prop,
    stable_uuid,
    without_none,
)


def build_component_definition(run: GateRun) -> OscalDict:
    rules_by_engine: dict[str, list[RuleMeta]] = defaultdict(list)
    for entry in run.rules:
        rules_by_engine[entry.engine].append(entry.rule)
    rule_key = "\x1f".join(sorted(f"{e.engine}/{e.rule.id}" for e in run.rules))
    document = {
        "uuid": stable_uuid("component-definition", run.campus_version, rule_key),
        "metadata": {
            "title": "campus policy rule sets",
            "last-modified": oscal_time(run.finished),
            "version": oscal_checks.version(run.campus_version),
            "oscal-version": OSCAL_VERSION,
        },
        "components": [
            _component(engine, sorted(rules, key=lambda r: r.id), run.campus_version)
            for engine, rules in sorted(rules_by_engine.items())
        ]
        or None,
    }
    return {"component-definition": without_none(document)}


def _component(engine: str, rules: list[RuleMeta], version: str) -> OscalDict:
    # compliance-trestle's convention: Rule_Id/Rule_Description props grouped by a `rule_set_N` remark.
    rule_props = []
    for index, rule in enumerate(rules):
        rule_set = f"rule_set_{index:03d}"
        rule_props += [
            prop("Rule_Id", rule.id, remarks=rule_set),
            prop("Rule_Description", rule.title, remarks=rule_set),
            prop("Rule_Severity", rule.severity, remarks=rule_set),
            prop("Rule_Enforcement", rule.enforcement, remarks=rule_set),
        ]
    by_framework: dict[tuple[str, str], dict[ControlRef, list[RuleMeta]]] = defaultdict(lambda: defaultdict(list))
    for rule in rules:
        for ref in rule.controls:
            by_framework[(ref.framework, ref.version)][ref].append(rule)
    component_uuid = stable_uuid("component", engine, version)
    component = {
        "uuid": component_uuid,
        "type": "validation",
        "title": f"campus {engine} rules",
        "description": f"The {engine} rules that `campus gate` runs; each checks the controls it maps to.",
        "props": rule_props or None,
        "control-implementations": [
            {
                "uuid": stable_uuid(component_uuid, framework, fw_version),
                "source": catalog_href(framework, fw_version),
                "description": f"{framework} {fw_version} controls checked by the campus {engine} rules.",
                "props": [prop("framework", framework), prop("framework-version", fw_version)],
                "implemented-requirements": [
                    {
                        "uuid": stable_uuid(component_uuid, framework, fw_version, ref.id),
                        "control-id": control_token(ref),
                        "description": "Checked by: " + "; ".join(f"{r.id} ({r.title})" for r in mapped),
                        "props": [prop("Rule_Id", r.id) for r in mapped],
                    }
                    for ref, mapped in sorted(controls.items(), key=lambda item: natural_key(item[0].id))
                ],
            }
            for (framework, fw_version), controls in sorted(by_framework.items())
        ]
        or None,
    }
    return without_none(component)

"""In-process admission: the same Rego Gatekeeper runs, evaluated with regopy against manifests.

The rules, their shared lib and a generated module are compiled into one bundle with the inventory the referential
rules read. The generated `package campus.gate` has one `violations[<rule id>]` per rule: that rule's `violation`
set, for the rules listed in `input.rules`. Each object some rule matches is then one input and one query, not one
per (rule, object). rego-cpp's time goes into evaluation rather than per-call overhead, so what this saves is the
repeated input parsing, the per-entrypoint plans, and the lib helpers (`lib.campus.workload`) every rule re-evaluated.

`input` is what Gatekeeper builds, `review` and `parameters` (`{}`), plus `rules`, which no rule reads. A rule with
parameters gets them by `with input.parameters as <JSON literal>`, only there since under `with` rego-cpp evaluates
the helpers again. Parameters are literals in the generated source and the input goes in as JSON text because
regopy's dict conversion drops backslash escapes (regex parameters).

Matching follows the generated Constraints (kinds, excluded namespaces). The bundle is reused while the rules and
inventory stay the same. Not thread-safe: the compiled interpreter holds the current input.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from regopy import Bundle, Interpreter

from campus.findings import Finding, RuleMeta, Status
from campus.k8s.inventory import build_inventory
from campus.k8s.kinds import WORKLOAD_GROUPS, split_api_version
from campus.k8s.rules import AdmissionRule, load_lib, shipped_rules
from campus.manifests import Manifest

GATE_ENTRYPOINT = "campus/gate/violations"


def admission_rules() -> list[RuleMeta]:
    return [rule.meta for rule in shipped_rules()]


def evaluate(manifests: list[Manifest]) -> list[Finding]:
    """One `fail` finding per violation and one `pass` per (rule, matching object) without violations."""
    return AdmissionEngine(shipped_rules(), manifests).run()


def matches(rule: AdmissionRule, manifest: Manifest) -> bool:
    """Constraint `match` semantics: the kind within its API group, outside the excluded namespaces."""
    group, _ = split_api_version(str(manifest.doc.get("apiVersion", "")))
    if manifest.kind not in rule.kinds or WORKLOAD_GROUPS.get(manifest.kind) != group:
        return False
    return (manifest.namespace or "default") not in rule.excluded_namespaces


def admission_review(manifest: Manifest) -> dict[str, Any]:
    """The `input.review` Gatekeeper builds for a CREATE request of this object."""
    group, version = split_api_version(str(manifest.doc.get("apiVersion", "")))
    return {
        "kind": {"group": group, "version": version, "kind": manifest.kind},
        "name": manifest.name,
        "namespace": manifest.namespace,
        "operation": "CREATE",
        "object": manifest.doc,
    }


def gate_module(rules: Sequence[AdmissionRule]) -> str:
    """`data.campus.gate.violations`: rule id → `violation` set, for the rules in `input.rules`."""
    lines = ["package campus.gate", "", "import rego.v1"]
    for rule in rules:
        rule_id = json.dumps(rule.spec.id)
        violation = "data." + rule.package_path.replace("/", ".") + ".violation"
        if rule.parameter_values:
            literal = json.dumps(rule.parameter_values, sort_keys=True, ensure_ascii=False, allow_nan=False)
            violation += f" with input.parameters as {literal}"
        lines += ["", f"violations[{rule_id}] := found if {{", f"    {rule_id} in input.rules",
                  f"    found := {violation}", "}"]
    return "\n".join(lines) + "\n"


class AdmissionEngine:
    """All rules compiled into one bundle with the inventory; then one query per object some rule matches."""

    def __init__(self, rules: Sequence[AdmissionRule], manifests: list[Manifest]) -> None:
        self.rules = tuple(rules)
        self.manifests = manifests
        synced = {kind for rule in rules for kind in rule.spec.inventory}
        inventory = json.dumps({"inventory": build_inventory(manifests, synced)}, sort_keys=True)
        modules = (("lib/workload.rego", load_lib()), *((f"{r.folder}/src.rego", r.rego) for r in self.rules),
                   ("campus/gate.rego", gate_module(self.rules)))
        self.interpreter, self.bundle = _compiled(modules, inventory)

    def violations(self, manifest: Manifest, rules: Sequence[AdmissionRule]) -> dict[str, list[str]]:
        """Messages of each of `rules` for `manifest`, by rule id; one query for all of them."""
        document = {"review": admission_review(manifest), "parameters": {}, "rules": [r.spec.id for r in rules]}
        self.interpreter.set_input_term(json.dumps(document))
        try:
            output = self.interpreter.query_bundle_entrypoint(self.bundle, GATE_ENTRYPOINT)
        except ValueError as err:  # regopy could not parse rego-cpp's result as JSON
            raise RuntimeError(f"unreadable admission output for {manifest.resource_id}: {err}") from err
        if not output.ok():
            raise RuntimeError(f"admission rules failed to evaluate on {manifest.resource_id}: {output}")
        # A rule whose `violation` is undefined has no key; no key at all makes the whole result undefined.
        expressions = output.results[0].expressions if output.results else []
        by_rule: dict[str, Any] = expressions[0] if expressions else {}
        return {rule_id: sorted(str(violation.get("msg", "")) for violation in found)
                for rule_id, found in by_rule.items()}

    def run(self) -> list[Finding]:
        findings: list[Finding] = []
        kinds = {kind for rule in self.rules for kind in rule.kinds}
        for manifest in self.manifests:
            rules = [rule for rule in self.rules if matches(rule, manifest)] if manifest.kind in kinds else []
            if rules:
                messages = self.violations(manifest, rules)
                for rule in _finding_order(rules):
                    findings += self._findings(rule, manifest, messages.get(rule.spec.id, []))
        return findings

    def _findings(self, rule: AdmissionRule, manifest: Manifest, messages: list[str]) -> list[Finding]:
        if not messages:
            return [_finding(rule, manifest, "pass", f"{rule.spec.title}: admitted")]
        return [_finding(rule, manifest, "fail", message) for message in messages]


def _finding_order(rules: list[AdmissionRule]) -> list[AdmissionRule]:
    """The order findings have always had: rules sharing parameters together, groups by first appearance."""
    groups: dict[str, list[AdmissionRule]] = {}
    for rule in rules:
        groups.setdefault(json.dumps(rule.parameter_values, sort_keys=True), []).append(rule)
    return [rule for group in groups.values() for rule in group]


@lru_cache(maxsize=8)
def _compiled(modules: tuple[tuple[str, str], ...], inventory: str) -> tuple[Interpreter, Bundle]:
    """Compiling takes longer than evaluating a whole manifest set, so identical inputs reuse the bundle."""
    interpreter = Interpreter()
    for name, source in modules:
        interpreter.add_module(name, source)
    interpreter.add_data_json(inventory)
    return interpreter, interpreter.build(None, [GATE_ENTRYPOINT])


def _finding(rule: AdmissionRule, manifest: Manifest, status: Status, message: str) -> Finding:
    return Finding.from_rule(rule.meta, engine="admission", status=status, message=message,
                             resource=manifest.resource_id, file=manifest.file, line=manifest.line)

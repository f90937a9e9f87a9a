"""In-process admission: the same Rego Gatekeeper runs, evaluated with regopy against manifests.

All rules are compiled once into one bundle together with the inventory the referential rules read (reused
while the rules and inventory stay the same), then queried per matching object. Matching follows the generated
Constraints (kinds, excluded namespaces). Not thread-safe: the compiled interpreter holds the current input.
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


class AdmissionEngine:
    """All rules compiled into one bundle with the inventory; then one query per (rule, matching object)."""

    def __init__(self, rules: Sequence[AdmissionRule], manifests: list[Manifest]) -> None:
        self.rules = tuple(rules)
        self.manifests = manifests
        synced = {kind for rule in rules for kind in rule.spec.inventory}
        inventory = json.dumps({"inventory": build_inventory(manifests, synced)}, sort_keys=True)
        modules = (("lib/workload.rego", load_lib()), *((f"{r.folder}/src.rego", r.rego) for r in self.rules))
        entrypoints = tuple(self._entrypoint(rule) for rule in self.rules)
        self.interpreter, self.bundle = _compiled(modules, entrypoints, inventory)

    @staticmethod
    def _entrypoint(rule: AdmissionRule) -> str:
        return f"{rule.package_path}/violation"

    def violations(self, rule: AdmissionRule) -> list[str]:
        """Messages of `rule` for the object last given to `review`."""
        try:
            output = self.interpreter.query_bundle_entrypoint(self.bundle, self._entrypoint(rule))
        except ValueError as err:  # regopy could not parse rego-cpp's result as JSON
            raise RuntimeError(f"rule {rule.spec.id} produced unreadable output: {err}") from err
        if not output.ok():
            raise RuntimeError(f"rule {rule.spec.id} failed to evaluate: {output}")
        # An undefined result (no `violation` rule body matched at all) parses to no expressions.
        expressions = output.results[0].expressions if output.results else []
        found = expressions[0] if expressions else []
        return sorted(str(violation.get("msg", "")) for violation in found)

    def review(self, manifest: Manifest, parameters: dict[str, Any]) -> None:
        # regopy's dict conversion drops backslash escapes (regex parameters); its JSON path keeps them.
        document = {"review": admission_review(manifest), "parameters": parameters}
        self.interpreter.set_input_term(json.dumps(document))

    def run(self) -> list[Finding]:
        findings: list[Finding] = []
        for manifest in self.manifests:
            # Setting the input costs more than a query, so rules sharing parameters share one input.
            by_parameters: dict[str, list[AdmissionRule]] = {}
            for rule in self.rules:
                if matches(rule, manifest):
                    key = json.dumps(rule.parameter_values, sort_keys=True)
                    by_parameters.setdefault(key, []).append(rule)
            for rules in by_parameters.values():
                self.review(manifest, rules[0].parameter_values)
                findings.extend(finding for rule in rules for finding in self._findings(rule, manifest))
        return findings

    def _findings(self, rule: AdmissionRule, manifest: Manifest) -> list[Finding]:
        messages = self.violations(rule)
        if not messages:
            return [_finding(rule, manifest, "pass", f"{rule.spec.title}: admitted")]
        return [_finding(rule, manifest, "fail", message) for message in messages]


@lru_cache(maxsize=8)
def _compiled(
    modules: tuple[tuple[str, str], ...], entrypoints: tuple[str, ...], inventory: str
) -> tuple[Interpreter, Bundle]:
    """Compiling takes longer than evaluating a whole manifest set, so identical inputs reuse the bundle."""
    interpreter = Interpreter()
    for name, source in modules:
        interpreter.add_module(name, source)
    interpreter.add_data_json(inventory)
    return interpreter, interpreter.build(None, list(entrypoints))


def _finding(rule: AdmissionRule, manifest: Manifest, status: Status, message: str) -> Finding:
    return Finding.from_rule(rule.meta, engine="admission", status=status, message=message,
                             resource=manifest.resource_id, file=manifest.file, line=manifest.line)

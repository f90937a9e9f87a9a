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

A rule that does not compile, or fails to evaluate on some object, is bad input naming its `src.rego`. rego-cpp's
own printing of errors is switched off: its messages come back in the error instead.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from regopy import Bundle, Interpreter, LogLevel, RegoError

from campus.errors import CampusInputError
from campus.findings import Finding, RuleMeta, Status
from campus.k8s.inventory import build_inventory
from campus.k8s.kinds import WORKLOAD_GROUPS, split_api_version
from campus.k8s.rules import ADMISSION_DIR, LIB_FILE, REGO_FILE, AdmissionRule, load_lib, shipped_rules
from campus.manifests import Manifest

GATE_ENTRYPOINT = "campus/gate/violations"
GATE_MODULE = "campus/gate.rego"
# rego-cpp's errors: `(error <n>:<module>|<byte offset>|<length> (errormsg <n>:<text>) ...)`, strings length-prefixed.
_ERROR_AT = re.compile(rb"\(error (\d+):")
_ERROR_MESSAGE = re.compile(rb"\(errormsg (\d+):")
_OFFSET = re.compile(rb"\|(\d+)\|")


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
        inventory = _json({"inventory": build_inventory(manifests, synced)}, sort_keys=True)
        modules = ((LIB_FILE, load_lib()), *((f"{r.folder}/{REGO_FILE}", r.rego) for r in self.rules),
                   (GATE_MODULE, gate_module(self.rules)))
        try:
            self.interpreter, self.bundle = _compiled(modules, inventory)
        except RegoError as err:
            raise self._compile_error(str(err), dict(modules)) from None

    def violations(self, manifest: Manifest, rules: Sequence[AdmissionRule]) -> dict[str, list[str]]:
        """Messages of each of `rules` for `manifest`, by rule id; one query for all of them."""
        error, output = self._query(manifest, rules)
        if error is not None:
            raise self._evaluation_error(manifest, rules, error)
        # A rule whose `violation` is undefined has no key; no key at all makes the whole result undefined.
        expressions = output.results[0].expressions if output is not None and output.results else []
        by_rule: dict[str, Any] = expressions[0] if expressions else {}
        return {rule_id: sorted(str(violation.get("msg", "")) for violation in found)
                for rule_id, found in by_rule.items()}

    def _query(self, manifest: Manifest, rules: Sequence[AdmissionRule]) -> tuple[str | None, Any]:
        """(rego-cpp's error text, None) when evaluation fails, else (None, the output)."""
        document = {"review": admission_review(manifest), "parameters": {}, "rules": [r.spec.id for r in rules]}
        self.interpreter.set_input_term(_json(document))
        try:
            output = self.interpreter.query_bundle_entrypoint(self.bundle, GATE_ENTRYPOINT)
        except json.JSONDecodeError as err:  # an error term where regopy expects JSON (e.g. an unknown function)
            return err.doc, None
        if not output.ok():
            return str(output), None
        return None, output

    def _compile_error(self, text: str, modules: dict[str, str]) -> Exception:
        """The first error rego-cpp reports, at its file and line."""
        module, offset, message = _parse_rego_error(text)
        files = {f"{rule.folder}/{REGO_FILE}": rule.rego_file for rule in self.rules}
        files[LIB_FILE] = str(ADMISSION_DIR / LIB_FILE)
        if module is None or module not in files:  # the generated module, or no location: a campus bug
            return RuntimeError(f"admission rules do not compile: {text}")
        line = None if offset is None else modules[module].encode()[:offset].count(b"\n") + 1
        return CampusInputError(f"Rego does not compile: {message}", file=files[module],
                                key=f"line {line}" if line else None)

    def _evaluation_error(self, manifest: Manifest, rules: Sequence[AdmissionRule], text: str) -> Exception:
        """Evaluation failed: find the rule that fails on its own (only now, so the usual path stays one query)."""
        _, _, message = _parse_rego_error(text)
        if message == "<error>":
            message = "rego-cpp gives no detail (as for a rule that takes two different values)"
        for rule in rules:
            if len(rules) == 1 or self._query(manifest, [rule])[0] is not None:
                return CampusInputError(f"fails to evaluate on {manifest.resource_id}: {message}",
                                        file=rule.rego_file)
        return RuntimeError(f"admission rules failed to evaluate on {manifest.resource_id}: {text}")

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


def _parse_rego_error(text: str) -> tuple[str | None, int | None, str]:
    """(module, byte offset, message) of the first error in rego-cpp's error text; None where it gives none."""
    data = text.encode()
    message = text.strip().splitlines()[0] if text.strip() else "unknown error"
    found = _ERROR_MESSAGE.search(data)
    if found:
        message = data[found.end():found.end() + int(found.group(1))].decode(errors="replace")
    module = offset = None
    at = _ERROR_AT.search(data)
    if at:
        end = at.end() + int(at.group(1))
        module = data[at.end():end].decode(errors="replace")
        number = _OFFSET.match(data, end)
        offset = int(number.group(1)) if number else None
    return module, offset, message


def _json(value: Any, sort_keys: bool = False) -> str:
    """JSON text for rego-cpp. YAML can hold what JSON cannot (dates, binary, sets, non-string keys); those go in as
    the API server would receive them from kubectl: as strings and lists."""
    try:
        return json.dumps(value, sort_keys=sort_keys)
    except (TypeError, ValueError):
        return json.dumps(_jsonable(value), sort_keys=sort_keys)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {_jsonable_key(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(item) for item in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _jsonable_key(key: Any) -> str:
    if isinstance(key, str):
        return key
    converted = _jsonable(key)
    return converted if isinstance(converted, str) else json.dumps(converted)


@lru_cache(maxsize=8)
def _compiled(modules: tuple[tuple[str, str], ...], inventory: str) -> tuple[Interpreter, Bundle]:
    """Compiling takes longer than evaluating a whole manifest set, so identical inputs reuse the bundle."""
    interpreter = Interpreter()
    interpreter.log_level = LogLevel.NONE  # rego-cpp would print compile errors to stdout; they come back raised
    for name, source in modules:
        interpreter.add_module(name, source)
    interpreter.add_data_json(inventory)
    return interpreter, interpreter.build(None, [GATE_ENTRYPOINT])


def _finding(rule: AdmissionRule, manifest: Manifest, status: Status, message: str) -> Finding:
    return Finding.from_rule(rule.meta, engine="admission", status=status, message=message,
                             resource=manifest.resource_id, file=manifest.file, line=manifest.line)

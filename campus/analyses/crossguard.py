"""Runs the CrossGuard pack over a resource graph offline, with pulumi-policy's own semantics.

The pack's policies are served by pulumi-policy's analyzer servicer, the object `pulumi preview --policy-pack`
talks to over gRPC; here it is called in-process with the same requests. Its handling of enforcement levels
(including config overrides and `disabled`), of `not_applicable`, and of unknown values (an advisory "can't
run policy during preview" diagnostic) therefore stays pulumi-policy's.

Findings: a failure per violation, and a pass per (rule, applicable resource) without violation, so auditors
see the evidence. A rule that could not run because a value is unknown yields an advisory failure saying so.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi.runtime.proto import analyzer_pb2 as proto
from pulumi_policy import EnforcementLevel
from pulumi_policy.policy import _PolicyAnalyzerServicer

from campus.analyses.crossguard_config import RuleSettings, configure_request, resolve_settings
from campus.analyses.crossguard_decode import decoded_once
from campus.analyses.crossguard_pack import PackRule, pack_contents, pack_name, pack_rules
from campus.analyses.crossguard_requests import (
    analyze_request,
    analyze_stack_request,
    analyzed,
    provider_of,
    stack_properties,
    stack_urn,
)
from campus.engine.graph import Graph
from campus.findings import Enforcement, Engine, Finding, Status

__all__ = ["pack_rules", "run_pack"]

ENGINE: Engine = "crossguard"
PACK_VERSION = "0.1.0"
# pulumi-policy words the diagnostic it emits when a policy read an unknown value this way.
UNKNOWN_PREFIX = "can't run policy"


def _servicer(settings: Mapping[str, RuleSettings]) -> _PolicyAnalyzerServicer:
    servicer = _PolicyAnalyzerServicer(
        pack_name(), PACK_VERSION, [rule.policy for rule in pack_contents()], EnforcementLevel.ADVISORY
    )
    servicer.Configure(configure_request(settings), None)
    return servicer


def _enforcement(level: int) -> Enforcement:
    return "advisory" if level == proto.ADVISORY else "mandatory"


class _Recorder:
    def __init__(self, rules: Mapping[str, PackRule], graph: Graph) -> None:
        self.rules = rules
        self.stack = graph.stack
        # Findings point at the program line that declared their resource, where the SDK reported one.
        self.sources = {node.urn: (node.source_file, node.source_line) for node in graph.resources if node.source}
        self.findings: list[Finding] = []

    def add(self, rule_id: str, status: Status, resource: str, message: str, enforcement: Enforcement) -> None:
        file, line = self.sources.get(resource, (None, None))
        finding = Finding.from_rule(
            self.rules[rule_id].meta,
            engine=ENGINE,
            status=status,
            resource=resource,
            message=message,
            stack=self.stack,
            file=file,
            line=line,
        )
        finding.enforcement = enforcement
        self.findings.append(finding)

    def diagnostic(self, diagnostic: proto.AnalyzeDiagnostic, resource: str) -> None:
        rule = self.rules[diagnostic.policyName]
        if diagnostic.message.startswith(UNKNOWN_PREFIX):
            self.add(rule.meta.id, "fail", resource, f"not evaluated: {diagnostic.message}", "advisory")
            return
        # pulumi-policy prefixes the policy's description to every violation message.
        message = diagnostic.message.removeprefix(f"{diagnostic.description}\n")
        self.add(rule.meta.id, "fail", resource, message, _enforcement(diagnostic.enforcementLevel))

    def passed(self, rule: PackRule, resource: str, level: str) -> None:
        evidence = f"{', '.join(rule.properties)}: compliant"
        self.add(rule.meta.id, "pass", resource, evidence, "advisory" if level == "advisory" else "mandatory")


def _active(rules: tuple[PackRule, ...], settings: Mapping[str, RuleSettings], kind: str) -> Iterator[PackRule]:
    return (r for r in rules if r.kind == kind and settings[r.meta.id].level != "disabled")


def _analyze_resources(
    servicer: _PolicyAnalyzerServicer, graph: Graph, settings: Mapping[str, RuleSettings], recorder: _Recorder
) -> None:
    rules = pack_contents()
    by_urn = graph.by_urn()
    for node in analyzed(graph):
        with decoded_once():
            response = servicer.Analyze(analyze_request(node, by_urn), None)
        not_applicable = {entry.policy_name for entry in response.not_applicable}
        reported: set[str] = set()
        for diagnostic in response.diagnostics:
            recorder.diagnostic(diagnostic, node.urn)
            reported.add(diagnostic.policyName)
        for rule in _active(rules, settings, "resource"):
            if rule.meta.id not in not_applicable and rule.meta.id not in reported:
                recorder.passed(rule, node.urn, settings[rule.meta.id].level)


def _subjects(rule: PackRule, graph: Graph) -> list[str]:
    assert rule.is_subject is not None
    by_urn = graph.by_urn()
    subjects = []
    for node in analyzed(graph):
        provider = provider_of(node, by_urn)
        if rule.is_subject(node.type, stack_properties(node), provider.inputs if provider else None):
            subjects.append(node.urn)
    return subjects


def _analyze_stack(
    servicer: _PolicyAnalyzerServicer, graph: Graph, settings: Mapping[str, RuleSettings], recorder: _Recorder
) -> None:
    with decoded_once():
        response = servicer.AnalyzeStack(analyze_stack_request(graph), None)
    not_applicable = {entry.policy_name for entry in response.not_applicable}
    failed: dict[str, set[str]] = {}
    for diagnostic in response.diagnostics:
        urn = diagnostic.urn or stack_urn(graph)
        recorder.diagnostic(diagnostic, urn)
        failed.setdefault(diagnostic.policyName, set()).add(urn)
    for rule in _active(pack_contents(), settings, "stack"):
        if rule.meta.id in not_applicable or stack_urn(graph) in failed.get(rule.meta.id, set()):
            continue
        for urn in _subjects(rule, graph):
            if urn not in failed.get(rule.meta.id, set()):
                recorder.passed(rule, urn, settings[rule.meta.id].level)


def run_pack(graph: Graph, config: Mapping[str, Any] | None = None, config_file: str | None = None) -> list[Finding]:
    """Apply the pack to `graph`. `config` is Pulumi policy-pack config (see crossguard_config)."""
    rules = pack_contents()
    settings = resolve_settings(rules, config, config_file)
    servicer = _servicer(settings)
    recorder = _Recorder({rule.meta.id: rule for rule in rules}, graph)
    _analyze_resources(servicer, graph, settings, recorder)
    _analyze_stack(servicer, graph, settings, recorder)
    return recorder.findings

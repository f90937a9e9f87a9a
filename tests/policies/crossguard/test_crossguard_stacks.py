"""The pack over the four synthesized campus stacks: every finding points at a real resource of that stack."""

from __future__ import annotations

import contextlib

import pytest

from campus.analyses.crossguard import run_pack
from campus.analyses.crossguard_requests import stack_urn
from campus.engine.graph import Graph


@pytest.mark.parametrize("stack", ["dev", "staging", "prod", "learner-lab"])
def test_pack_runs_over_the_stack(graphs: dict[str, Graph], stack: str) -> None:
    graph = graphs[stack]
    findings = run_pack(graph)
    urns = set(graph.by_urn()) | {stack_urn(graph)}
    assert findings
    assert all(f.stack == stack and f.resource in urns for f in findings)
    # Mock outputs are known values, so every rule could run: nothing is left unevaluated.
    assert not [f.message for f in findings if f.message.startswith("not evaluated")]
    assert {f.status for f in findings} <= {"pass", "fail"}
    passes = {(f.rule_id, f.resource) for f in findings if f.status == "pass"}
    fails = {(f.rule_id, f.resource) for f in findings if f.status == "fail"}
    assert not passes & fails, "a rule both passed and failed the same resource"


def test_decoding_properties_once_changes_no_finding(graphs: dict[str, Graph], monkeypatch: pytest.MonkeyPatch) -> None:
    from google.protobuf import json_format

    import campus.analyses.crossguard as crossguard

    decoded: list[object] = []
    real = json_format.MessageToDict

    def counting(message: object, *args: object, **kwargs: object) -> object:
        decoded.append(message)
        return real(message, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(json_format, "MessageToDict", counting)
    graph = graphs["learner-lab"]
    once = [f.model_dump() for f in run_pack(graph)]
    decoded_once = len(decoded)
    monkeypatch.setattr(crossguard, "decoded_once", contextlib.nullcontext)
    decoded.clear()
    every_time = [f.model_dump() for f in run_pack(graph)]
    assert once == every_time
    # Without the memo pulumi-policy decodes a resource's properties again for every policy.
    assert decoded_once * 10 < len(decoded)


def test_findings_point_at_the_program_line_of_their_resource(graphs: dict[str, Graph]) -> None:
    graph = graphs["prod"]
    nodes = graph.by_urn()
    findings = run_pack(graph)
    kms = [f for f in findings if nodes.get(f.resource) is not None and nodes[f.resource].type == "aws:kms/key:Key"]
    assert kms and all(f.file == "modules/encryption.py" and f.line for f in kms)
    for finding in findings:
        node = nodes.get(finding.resource)
        expected = (node.source_file, node.source_line) if node is not None else (None, None)
        assert (finding.file, finding.line) == expected

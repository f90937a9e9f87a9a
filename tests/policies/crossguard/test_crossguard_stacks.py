"""The pack over the four synthesized campus stacks: every finding points at a real resource of that stack."""

from __future__ import annotations

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

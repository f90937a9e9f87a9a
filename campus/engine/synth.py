"""Synthesize stacks and write their graphs: `out/<stack>/graph.json` and `out/<stack>/outputs.json`."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from campus.engine.graph import Graph, ResourceNode
from campus.engine.project import PulumiProject
from campus.engine.runner import SynthResult, synthesize
from campus.gc_tuning import batch_collection


def write_result(result: SynthResult, out_dir: Path) -> Path:
    stack_dir = out_dir / result.graph.stack
    stack_dir.mkdir(parents=True, exist_ok=True)
    (stack_dir / "graph.json").write_text(result.graph.to_json())
    (stack_dir / "outputs.json").write_text(json.dumps(result.exports, indent=2, sort_keys=True) + "\n")
    return stack_dir


def synth_stacks(project: PulumiProject, stacks: list[str], out_dir: Path | None,
                 on_done: Callable[[str], None] | None = None) -> dict[str, SynthResult]:
    results: dict[str, SynthResult] = {}
    with batch_collection():
        for stack in stacks:
            results[stack] = synthesize(project, stack)
            if on_done is not None:
                on_done(stack)
    # Written only once every stack synthesized: a failing stack leaves no half-written output behind.
    if out_dir is not None:
        for result in results.values():
            write_result(result, out_dir)
    return results


def component_of(nodes: dict[str, ResourceNode], urn: str) -> str:
    """The top-level component a resource belongs to: its ancestor just below the Stack."""
    node = nodes[urn]
    while node.parent in nodes and nodes[node.parent].type != "pulumi:pulumi:Stack":
        node = nodes[node.parent]
    return "(stack)" if node.custom else node.name


def summarize(graph: Graph) -> dict[str, object]:
    custom = [r for r in graph.resources if r.custom]
    nodes = graph.by_urn()
    by_component = Counter(component_of(nodes, r.urn) for r in custom)
    return {
        "stack": graph.stack,
        "resources": len(custom),
        "components": sum(1 for r in graph.resources if not r.custom and r.type != "pulumi:pulumi:Stack"),
        "protected": sum(1 for r in custom if r.protect),
        "byType": dict(sorted(Counter(r.type for r in custom).items())),
        "byComponent": dict(sorted(by_component.items())),
    }

"""Gate benchmark: `campus gate --all` from a new process, and in the same run its floors — the Python import of the
pulumi modules the program uses, and checkov alone on the same files. Prints numbers; asserts nothing."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Every resource class the stacks declare, touched so pulumi_aws's lazy sub-modules really load.
IMPORTS = """
import json, pathlib, pulumi, pulumi_aws, pulumi_kubernetes, pulumi_policy
graphs = [json.loads(pathlib.Path(f"{OUT}/{stack}/graph.json").read_text()) for stack in ("dev", "learner-lab")]
types = {r["type"] for graph in graphs for r in graph["resources"]}
for token in types:
    package, _, rest = token.partition(":")
    module, _, cls = rest.partition(":")
    if package in ("aws", "kubernetes") and "/" in module:
        root = pulumi_aws if package == "aws" else pulumi_kubernetes
        node = root
        for part in module.split("/")[0].split("."):
            node = getattr(node, part.replace("-", "_"))
        getattr(node, cls)
"""


LINT = """
from pathlib import Path
from campus.analyses.ansible_lint import run_ansible_lint
run_ansible_lint(Path("playbooks"))
"""


def seconds(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=False, capture_output=True, env={**os.environ, **(env or {})})
    return time.perf_counter() - start


def phases(out: Path) -> list[tuple[str, float]]:
    from campus.config.loader import STACKS
    from campus.gate.run import GateRequest, run_gate

    marks: list[tuple[str, float]] = []
    run_gate(GateRequest(root=ROOT, out=out, stacks=list(STACKS)),
             step=lambda text: marks.append((text, time.perf_counter())))
    marks.append(("end", time.perf_counter()))
    return [(name, marks[i + 1][1] - t) for i, (name, t) in enumerate(marks[:-1])]


def main() -> None:
    python = sys.executable
    runs = int(os.environ.get("CAMPUS_BENCH_RUNS", "3"))  # this machine's timings vary by ±20 % run to run
    gate_command = [python, "-m", "campus.cli", "gate", "--all", "--format", "json", "--out"]
    with tempfile.TemporaryDirectory() as tmp:
        cold = seconds([*gate_command, tmp], {"CAMPUS_GATE_NO_CACHE": "1"})
        gates = [seconds([*gate_command, tmp]) for _ in range(runs)]
        imports = [seconds([python, "-c", IMPORTS.replace("{OUT}", tmp)]) for _ in range(runs)]
        from campus.analyses.checkov import CheckovTarget, checkov_floor_seconds

        rendered = Path(tmp) / "rendered"
        targets = [CheckovTarget("kubernetes", rendered), CheckovTarget("ansible", ROOT / "playbooks"),
                   CheckovTarget("secrets", ROOT)]
        if (ROOT / ".github/workflows").is_dir():
            targets.append(CheckovTarget("github_actions", ROOT / ".github/workflows"))
        checkovs = [checkov_floor_seconds(targets) for _ in range(runs)]
        lints = [seconds([python, "-c", LINT]) for _ in range(runs)]
        gate, floor = statistics.median(gates), statistics.median(imports) + statistics.median(checkovs)
        print(f"runs per number: {runs} (median, and min–max)")
        print(f"campus gate --all, new process, no result cache:     {cold:6.2f} s (one run)")
        print(f"campus gate --all, new process, ansible-lint cached: {gate:6.2f} s ({_spread(gates)})")
        print(f"floor: import of the pulumi modules: {statistics.median(imports):6.2f} s ({_spread(imports)})")
        print(f"floor: checkov alone, same files:    {statistics.median(checkovs):6.2f} s ({_spread(checkovs)})")
        print(f"cold / floors: {cold / floor:5.2f}×   cached / floors: {gate / floor:5.2f}×   (target ≤ 1.5×, ≤ 15 s)")
        # Not one of the floors: the cold gate runs it besides them, so it says what cold can reach.
        print(f"for reference, ansible-lint alone:   {statistics.median(lints):6.2f} s ({_spread(lints)})")
        print("phases (in-process, warm imports; synth and CrossGuard run in a forked child meanwhile):")
        for name, took in phases(Path(tmp) / "phases"):
            print(f"  {took:6.2f} s  {name}")


def _spread(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f} s"


if __name__ == "__main__":
    main()

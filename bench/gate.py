"""Gate benchmark: `campus gate --all` from a new process, and in the same run its floors — the Python import of the
pulumi modules the program uses, and checkov alone on the same files. Prints numbers; asserts nothing."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

IMPORTS = ("import pulumi, pulumi_aws, pulumi_kubernetes, pulumi_policy; "
           "from pulumi_aws import appautoscaling, bedrockmodel, cloudwatch, dynamodb, ec2, ecr, eks, iam, kms, msk, "
           "rds, s3, vpc; from pulumi_kubernetes import core, helm, apiextensions")


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=False, capture_output=True)
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
    with tempfile.TemporaryDirectory() as tmp:
        gate = seconds([python, "-m", "campus.cli", "gate", "--all", "--out", tmp, "--format", "json"])
        imports = seconds([python, "-c", IMPORTS])
        from campus.analyses.checkov import CheckovTarget, checkov_floor_seconds

        rendered = Path(tmp) / "rendered"
        targets = [CheckovTarget("kubernetes", rendered), CheckovTarget("ansible", ROOT / "playbooks"),
                   CheckovTarget("secrets", ROOT)]
        if (ROOT / ".github/workflows").is_dir():
            targets.append(CheckovTarget("github_actions", ROOT / ".github/workflows"))
        checkov = checkov_floor_seconds(targets)
        print(f"campus gate --all (new process): {gate:6.2f} s")
        print(f"floor: import of the pulumi modules: {imports:6.2f} s")
        print(f"floor: checkov alone, same files:    {checkov:6.2f} s")
        print(f"gate / (imports + checkov):          {gate / (imports + checkov):6.2f}×   (target ≤ 1.5×, ≤ 15 s)")
        print("phases (in-process, warm imports):")
        for name, took in phases(Path(tmp) / "phases"):
            print(f"  {took:6.2f} s  {name}")


if __name__ == "__main__":
    main()

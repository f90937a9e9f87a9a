"""Synth benchmark: wall time per stack, all stacks in one process, cold vs warm, and throughput at scale.

Prints numbers; asserts nothing. Run with `make bench` or `.venv/bin/python bench/synth.py`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from campus.config.loader import STACKS  # noqa: E402
from campus.engine.project import read_project  # noqa: E402
from campus.engine.runner import synthesize  # noqa: E402

SCALED_PROGRAM = """
import pulumi
from campus.config.loader import config_from_pulumi_runtime
from modules.encryption import Encryption, EncryptionArgs
from modules.network import Network, NetworkArgs
from modules.storage import Storage, StorageArgs
from modules.tables import Tables, TablesArgs

cfg = config_from_pulumi_runtime("prod")
for copy in range({copies}):
    p = f"{{cfg.name_prefix}}-{{copy}}"
    keys = Encryption(f"keys-{{copy}}", EncryptionArgs(p, cfg.encryption.domains, cfg.account_id, cfg.region, 30,
                                                     True, cfg.tags()))
    Network(f"network-{{copy}}", NetworkArgs(p, cfg.network, cfg.region, cfg.account_id, keys.arn("logs"),
                                             f"{{p}}-eks", cfg.tags()))
    Storage(f"storage-{{copy}}", StorageArgs(p, cfg.storage, cfg.account_id, cfg.region, keys.arn("storage"), True,
                                             cfg.tags()))
    Tables(f"tables-{{copy}}", TablesArgs(p, cfg.tables, keys.arn("database"), True, cfg.tags()))
"""


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def cold_process(stack: str | None) -> float:
    args = ["--all"] if stack is None else ["--stack", stack]
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "campus.cli", "synth", *args, "--out", out, "--format", "json"],
                       cwd=ROOT, check=True, capture_output=True)
        return time.perf_counter() - start


def scaled(copies: int, project_dir: Path) -> tuple[float, int]:
    (project_dir / "__main__.py").write_text(textwrap.dedent(SCALED_PROGRAM.format(copies=copies)))
    project = read_project(project_dir)
    config = read_project(ROOT).stack_config("prod")
    seconds, result = timed(lambda: synthesize(project, "prod", config))
    return seconds, sum(1 for r in result.graph.resources if r.custom)


def main() -> None:
    project = read_project(ROOT)
    rows: dict[str, object] = {}
    print("cold (new process, imports included):")
    for stack in STACKS:
        seconds = cold_process(stack)
        rows[f"cold.{stack}"] = seconds
        print(f"  {stack:12s} {seconds:6.2f} s")
    seconds = cold_process(None)
    rows["cold.all"] = seconds
    print(f"  {'all stacks':12s} {seconds:6.2f} s  (one process)")

    print("warm (in-process, after a first run):")
    synthesize(project, "dev")
    total = 0.0
    for stack in STACKS:
        seconds, result = timed(lambda s=stack: synthesize(project, s))
        total += seconds
        count = sum(1 for r in result.graph.resources if r.custom)
        rows[f"warm.{stack}"] = {"seconds": seconds, "resources": count}
        print(f"  {stack:12s} {seconds:6.2f} s  {count:5d} resources")
    print(f"  {'all stacks':12s} {total:6.2f} s")

    print("scale (prod's data + network components × N, one process):")
    with tempfile.TemporaryDirectory() as tmp:
        project_dir = Path(tmp)
        (project_dir / "Pulumi.yaml").write_text("name: campus\nruntime: python\n")
        for copies in (1, 5, 20):
            seconds, count = scaled(copies, project_dir)
            rows[f"scale.{copies}x"] = {"seconds": seconds, "resources": count, "perSecond": count / seconds}
            print(f"  {copies:3d}×  {count:6d} resources  {seconds:6.2f} s  {count / seconds:8.0f} resources/s")
    print(json.dumps(rows, indent=None, default=str))


if __name__ == "__main__":
    main()

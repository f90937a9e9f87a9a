"""`campus gate`: the offline gate a CI preview pipeline runs on every pull request."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from campus.cli.app import app
from campus.cli.output import OutputFormat, console, print_json
from campus.cli.root import project_root
from campus.config.loader import STACKS
from campus.errors import CampusInputError
from campus.gate.run import GateRequest, GateResult, run_gate


def gate_request(root: Path, out: Path, stacks: list[str] | None, all_stacks: bool, project: Path | None,
                 manifests: Path | None) -> GateRequest:
    chosen = [name for name, given in (("--stack/--all", bool(stacks) or all_stacks), ("--project", project),
                                       ("--manifests", manifests)) if given]
    if project is not None and stacks:
        chosen.remove("--stack/--all")
    if len(chosen) != 1:
        raise CampusInputError("give one of --stack S, --all, --project DIR or --manifests DIR",
                               key=" and ".join(chosen) if chosen else "--all")
    if all_stacks and stacks:
        raise CampusInputError("give --stack or --all, not both", key="--all")
    if project is not None:
        if not project.is_dir():
            raise CampusInputError("not a folder", file=str(project), key="--project")
        return GateRequest(root=root, out=out, stacks=list(stacks or []), project=project.resolve())
    if manifests is not None:
        if not manifests.is_dir():
            raise CampusInputError("not a folder", file=str(manifests), key="--manifests")
        return GateRequest(root=root, out=out, manifests=manifests)
    return GateRequest(root=root, out=out, stacks=list(STACKS) if all_stacks else list(stacks or []))


@app.command()
def gate(
    stack: Annotated[list[str] | None, typer.Option("--stack", "-s", help="Stack to gate (repeatable).")] = None,
    all_stacks: Annotated[bool, typer.Option("--all", help="Every stack and the whole GitOps tree.")] = False,
    project: Annotated[Path | None, typer.Option("--project", help="Any Pulumi Python project.")] = None,
    manifests: Annotated[Path | None, typer.Option("--manifests", help="Any folder of YAML or kustomizations.")]
    = None,
    out: Annotated[Path, typer.Option("--out", help="Where graphs and reports are written.")] = Path("out"),
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = OutputFormat.table,
) -> None:
    """Synthesize, run every engine, apply waivers and write the reports. Exit 0 pass, 1 fail, 2 bad input."""
    request = gate_request(project_root(), out, stack, all_stacks, project, manifests)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                  transient=True, disable=fmt is OutputFormat.json) as progress:
        task = progress.add_task("gate")
        result = run_gate(request, step=lambda text: progress.update(task, description=text))
    if fmt is OutputFormat.json:
        print_json(_summary(result))
    else:
        _print(result)
    raise typer.Exit(result.exit_code)


def _summary(result: GateResult) -> dict[str, object]:
    return {
        "passed": result.exit_code == 0,
        "blocking": len(result.blocking),
        "byEngineAndStatus": {f"{e}/{s}": n for (e, s), n in
                              sorted(Counter((f.engine, f.status) for f in result.findings).items())},
        "expiredWaivers": [w.id for w in result.expired],
        "unusedWaivers": [w.id for w in result.unused],
        "reports": {name: str(path) for name, path in result.reports.items()},
    }


def _print(result: GateResult) -> None:
    counts = Counter((f.engine, f.status) for f in result.findings)
    table = Table(header_style="bold", title="findings")
    table.add_column("engine")
    for status in ("pass", "fail", "waived"):
        table.add_column(status, justify="right")
    for engine in sorted({e for e, _ in counts}):
        table.add_row(engine, *(str(counts.get((engine, s), 0)) for s in ("pass", "fail", "waived")))
    console.print(table)
    for finding in result.blocking[:20]:
        where = f"{finding.file}:{finding.line}" if finding.file else finding.resource
        console.print(f"[red]✗[/] {finding.rule_id} {finding.stack or ''} {where} — {finding.message}",
                      markup=True, highlight=False)
    if len(result.blocking) > 20:
        console.print(f"… and {len(result.blocking) - 20} more blocking findings (see the report)")
    for waiver in result.expired:
        console.print(f"[red]✗[/] waiver {waiver.id} for {waiver.rule} expired on {waiver.expires} "
                      f"(owner {waiver.owner}): renew or remove it")
    for waiver in result.unused:
        console.print(f"[yellow]![/] waiver {waiver.id} for {waiver.rule} matched nothing: remove it")
    verdict = "[green]PASSED[/]" if result.exit_code == 0 else "[red]FAILED[/]"
    console.print(f"gate {verdict}: {len(result.blocking)} blocking findings")
    console.print(f"report: {result.reports.get('report.html')}")

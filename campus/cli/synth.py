"""`campus synth`: run stacks through the offline engine and write their resource graphs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from campus.cli.app import app
from campus.cli.output import OutputFormat, console, print_json
from campus.cli.root import project_root
from campus.config.loader import STACKS, load_all_stacks, load_stack_config
from campus.engine.project import read_project
from campus.engine.synth import summarize, synth_stacks
from campus.errors import CampusInputError
from campus.staging import staged


def resolve_stacks(root: Path, stacks: list[str] | None, all_stacks: bool, *, own_project: bool) -> list[str]:
    if all_stacks and stacks:
        raise CampusInputError("give --stack or --all, not both", key="--all")
    if not all_stacks and not stacks:
        raise CampusInputError("name a stack with --stack NAME, or use --all", key="--stack")
    if own_project:
        if all_stacks:
            load_all_stacks(root)
            return list(STACKS)
        for stack in stacks or []:
            load_stack_config(root, stack)
        return list(stacks or [])
    return read_project(root).stacks() if all_stacks else list(stacks or [])


@app.command()
def synth(
    stack: Annotated[list[str] | None, typer.Option("--stack", "-s", help="Stack to synthesize (repeatable).")] = None,
    all_stacks: Annotated[bool, typer.Option("--all", help="Every stack of the project.")] = False,
    out: Annotated[Path, typer.Option("--out", help="Where graphs are written.")] = Path("out"),
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = OutputFormat.table,
    project: Annotated[Path | None, typer.Option("--project", help="Another Pulumi Python project.")] = None,
) -> None:
    """Run stacks offline under the Pulumi mock runtime; write DIR/<stack>/graph.json and outputs.json."""
    root = project.resolve() if project else project_root()
    pulumi_project = read_project(root)
    stacks = resolve_stacks(root, stack, all_stacks, own_project=project is None)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                  transient=True, disable=fmt is OutputFormat.json) as progress:
        task = progress.add_task(f"synthesizing {', '.join(stacks)}", total=len(stacks))
        with staged(out) as stage:
            results = synth_stacks(pulumi_project, stacks, stage, on_done=lambda s: progress.advance(task))
    summaries = [summarize(r.graph) for r in results.values()]
    if fmt is OutputFormat.json:
        print_json({"out": str(out), "stacks": summaries})
        return
    for summary in summaries:
        _print_summary(summary, out)


def _print_summary(summary: dict[str, object], out: Path) -> None:
    stack = summary["stack"]
    console.print(f"[bold]{stack}[/]: {summary['resources']} resources in {summary['components']} components, "
                  f"{summary['protected']} protected → {out / str(stack) / 'graph.json'}")
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("component")
    table.add_column("resources", justify="right")
    for name, count in summary["byComponent"].items():  # type: ignore[attr-defined]
        table.add_row(name, str(count))
    types = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    types.add_column("type")
    types.add_column("count", justify="right")
    for name, count in summary["byType"].items():  # type: ignore[attr-defined]
        types.add_row(name, str(count))
    console.print(table)
    console.print(types)
    console.print()

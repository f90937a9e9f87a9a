"""`campus up | preview | destroy | refresh`: real runs through the Pulumi Automation API."""

from __future__ import annotations

from typing import Annotated

import typer

from campus.automation import run_operation
from campus.cli.app import app
from campus.cli.root import project_root

StackOption = Annotated[str, typer.Option("--stack", "-s", help="The stack to operate on.")]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Apply without stopping after the preview.")]


@app.command()
def up(stack: StackOption, yes: YesOption = False) -> None:
    """Deploy a stack (preview first unless --yes)."""
    raise typer.Exit(run_operation(project_root(), stack, "up", yes=yes))


@app.command()
def preview(stack: StackOption) -> None:
    """Preview a stack's changes against the cloud."""
    raise typer.Exit(run_operation(project_root(), stack, "preview"))


@app.command()
def refresh(stack: StackOption) -> None:
    """Refresh a stack's state from the cloud."""
    raise typer.Exit(run_operation(project_root(), stack, "refresh"))


@app.command()
def destroy(
    stack: StackOption,
    yes: YesOption = False,
    allow_data_loss: Annotated[bool, typer.Option("--i-understand-data-loss",
                                                  help="Required to destroy a stack that protects its data.")] = False,
) -> None:
    """Destroy a stack. A stack that protects its stateful resources refuses without --i-understand-data-loss."""
    raise typer.Exit(run_operation(project_root(), stack, "destroy", yes=yes, allow_data_loss=allow_data_loss))

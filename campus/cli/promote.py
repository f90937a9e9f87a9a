"""`campus promote`: move a service's tested image pin from one environment's overlay to the next."""

from __future__ import annotations

from typing import Annotated

import typer

from campus.cli.app import app
from campus.cli.output import console
from campus.cli.root import project_root
from campus.gitops.promote import promote as promote_image


@app.command()
def promote(
    service: Annotated[str, typer.Option("--service", help="The application service, e.g. quiz.")],
    from_env: Annotated[str, typer.Option("--from", help="Environment whose image pin is promoted.")],
    to_env: Annotated[str, typer.Option("--to", help="Environment whose overlay is changed.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the diff, change nothing.")] = False,
) -> None:
    """Change only the image reference in the target overlay and show the diff."""
    diff = promote_image(project_root(), service, from_env, to_env, dry_run=dry_run)
    if not diff:
        console.print(f"{service}: {to_env} already runs the image pinned in {from_env}; nothing to change")
        return
    print(diff, end="")
    if dry_run:
        console.print("(dry run: nothing written)")

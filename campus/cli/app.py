"""`campus` command line: one typer app; sub-commands live in their own modules."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from campus.errors import CampusInputError

app = typer.Typer(
    name="campus",
    help="Infrastructure, GitOps and policy gates for the campus learning platform.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err_console = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)  # `p1:b:` is a key, not :b:
# typer bundles its own click; its UsageError (bad flags, bad values) is the base of the public BadParameter.
UsageError: type[Exception] = typer.BadParameter.__base__  # type: ignore[assignment]


def _register() -> None:
    # Sub-command modules attach themselves to `app` on import.
    from campus.cli import commands  # noqa: F401


def main() -> None:
    _register()
    try:
        # Without standalone mode click returns an Exit's code instead of raising it.
        code = app(standalone_mode=False)
    except CampusInputError as err:
        err_console.print(f"campus: {err}", markup=False)
        sys.exit(2)
    except typer.Exit as ex:
        sys.exit(ex.exit_code)
    except typer.Abort:
        sys.exit(130)
    except UsageError as err:
        err_console.print(f"campus: {err.format_message()}", markup=False)  # type: ignore[attr-defined]
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)

"""`campus stacks`: the stacks and their key settings."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from campus.cli.app import app
from campus.cli.output import OutputFormat, console, print_json
from campus.cli.root import project_root
from campus.config.loader import load_all_stacks
from campus.config.model import StackConfig


def stack_settings(cfg: StackConfig) -> dict[str, object]:
    net = cfg.network
    return {
        "stack": cfg.stack,
        "environment": cfg.environment,
        "region": cfg.region,
        "account": cfg.account_id or "(caller's)",
        "vpc": net.cidr if net else "default VPC",
        "azs": len(net.availability_zones) if net else 1,
        "nat": net.nat_gateways if net else "none",
        "protected": cfg.protect_stateful,
        "logRetentionDays": cfg.log_retention_days,
    }


@app.command()
def stacks(fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table) -> None:
    """List the stacks with their key settings."""
    rows = [stack_settings(cfg) for cfg in load_all_stacks(project_root()).values()]
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    table = Table(header_style="bold")
    for column in rows[0]:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(v) for v in row.values()))
    console.print(table)

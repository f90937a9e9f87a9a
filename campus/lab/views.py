"""Tables and documents that `campus lab status` and `campus lab cost` print."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from rich.table import Table

from campus.lab.cost import SESSION_HOURS, LabCost
from campus.lab.ec2 import LabInstance

SESSION_UNKNOWN = (
    f"Session time left: unknown. The ~{SESSION_HOURS} h Learner Lab session clock is not visible "
    "through AWS APIs; read it on the lab page. Without an Elastic IP the public IP changes at every start."
)


def _duration(span: timedelta | None) -> str:
    if span is None:
        return "-"
    minutes = int(span.total_seconds()) // 60
    return f"{minutes // 60}h{minutes % 60:02d}m"


def status_table(instances: list[LabInstance], *, region: str, stack: str, now: datetime) -> Table:
    """One column per host (there is normally one), so the table fits a narrow terminal."""
    table = Table(title=f"{stack} lab host, {region}")
    table.add_column("", style="bold")
    for found in instances:
        table.add_column(found.instance_id, no_wrap=True)
    rows = {
        "state": [found.state for found in instances],
        "type": [found.instance_type for found in instances],
        "public IP": [found.public_ip or "-" for found in instances],
        "Elastic IP": [found.elastic_ip or "none" for found in instances],
        "launched (UTC)": [
            found.launch_time.strftime("%Y-%m-%d %H:%M") if found.launch_time else "-" for found in instances
        ],
        "uptime": [_duration(found.uptime(now)) for found in instances],
        "session left": ["unknown" for _ in instances],
    }
    for label, values in rows.items():
        table.add_row(label, *values)
    return table


def status_document(instances: list[LabInstance], *, region: str, stack: str, now: datetime) -> dict[str, object]:
    return {
        "stack": stack,
        "region": region,
        "session_time_left": None,
        "instances": [
            {
                "instance_id": found.instance_id,
                "state": found.state,
                "instance_type": found.instance_type,
                "public_ip": found.public_ip,
                "elastic_ip": found.elastic_ip,
                "launch_time": found.launch_time.isoformat() if found.launch_time else None,
                "uptime_seconds": None if (uptime := found.uptime(now)) is None else int(uptime.total_seconds()),
            }
            for found in instances
        ],
    }


def _usd(value: Decimal, places: int = 4) -> str:
    return f"${value:.{places}f}"


def cost_table(cost: LabCost) -> Table:
    shape = cost.shape
    mark = " †" if cost.price_unverified else ""
    table = Table(title="Learner Lab host cost (us-east-1 on-demand)")
    table.add_column("item")
    table.add_column("cost", justify="right")
    table.add_row(f"{shape.instance_type} instance{mark}", f"{_usd(cost.instance_hourly)}/h")
    table.add_row(f"EBS gp3 {shape.volume_gb} GB", f"{_usd(cost.ebs_hourly)}/h")
    table.add_row("public IPv4" + (" (Elastic IP)" if shape.elastic_ip else ""), f"{_usd(cost.public_ipv4_hourly)}/h")
    table.add_row("[bold]running[/bold]", f"[bold]{_usd(cost.running_hourly)}/h[/bold]", end_section=True)
    table.add_row(f"EBS gp3 {shape.volume_gb} GB while stopped", f"{_usd(cost.ebs_monthly_stopped, 2)}/month")
    table.add_row("Elastic IP while stopped", f"{_usd(cost.elastic_ip_monthly_stopped, 2)}/month")
    table.add_row("[bold]stopped[/bold]", f"[bold]{_usd(cost.stopped_monthly, 2)}/month[/bold]", end_section=True)
    table.add_row(
        f"running hours in {_usd(cost.budget_usd, 2)}",
        f"{cost.running_hours_in_budget:.1f} h ({int(cost.sessions_in_budget)} full sessions of {SESSION_HOURS} h)",
    )
    return table


def cost_notes(cost: LabCost) -> list[str]:
    notes = [
        "Budget hours count the host alone while running; stopped-time charges and other resources "
        "draw on the same budget, and Learner Lab billing lags 8-12 h.",
    ]
    if cost.price_unverified:
        notes.append(f"† the {cost.shape.instance_type} price is not verified against AWS's price list.")
    return notes

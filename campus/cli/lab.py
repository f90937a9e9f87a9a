"""`campus lab`: operate the Learner Lab host (inventory, status, stop/start, cost, configure, up/down)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from campus.cli.root import project_root
from campus.config.loader import load_stack_config, stack_file
from campus.errors import CampusInputError
from campus.lab import configure as configure_lab
from campus.lab import ec2, views
from campus.lab.cost import LabHostShape, check_volume_gb, cost_document, estimate
from campus.lab.infra import lab_infra_configmaps
from campus.lab.inventory import attach_infra_configmaps, build_inventory, render_inventory, write_inventory
from campus.lab.learner_lab import DEFAULT_STACK
from campus.lab.outputs import OUTPUT_NAME, default_outputs_file, load_lab_host

if TYPE_CHECKING:
    from mypy_boto3_ec2 import EC2Client

lab_app = typer.Typer(
    help="Operate the AWS Academy Learner Lab host: inventory, status, stop/start, cost, configure, up/down.",
    no_args_is_help=True,
)

DEFAULT_OUTPUTS = default_outputs_file(DEFAULT_STACK)
# A folder of its own, so the playbooks' group_vars can be linked beside the inventory file.
DEFAULT_INVENTORY = DEFAULT_OUTPUTS.parent / "inventory" / "hosts.yml"
PLAYBOOK_GROUP_VARS = Path("playbooks") / "inventories" / "group_vars"
DEFAULT_VOLUME_GB = 30
DEFAULT_BUDGET_USD = 50.0


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


RegionOption = Annotated[
    str | None,
    typer.Option(help="us-east-1 or us-west-2 (default: AWS_REGION / ~/.aws/config, else us-east-1)."),
]
StackOption = Annotated[str, typer.Option(help="Pulumi stack whose host to find (by its Stack tag).")]
WaitOption = Annotated[bool, typer.Option(help="Wait until the host has reached the new state.")]
FormatOption = Annotated[OutputFormat, typer.Option("--format", help="table for people, json for machines.")]


def _console() -> Console:
    return Console(highlight=False)


@lab_app.command()
def inventory(
    outputs: Annotated[Path, typer.Option(help="Stack outputs JSON holding `labHost`.")] = DEFAULT_OUTPUTS,
    out: Annotated[Path, typer.Option(help="Where to write the inventory; '-' for stdout.")] = DEFAULT_INVENTORY,
    key_file: Annotated[
        str | None, typer.Option(help="SSH private key (default: ~/.ssh/labsuser.pem for vockey).")
    ] = None,
    refresh: Annotated[
        bool, typer.Option(help="Ask EC2 for the host's current public address (it changes at every start).")
    ] = False,
) -> None:
    """Write an Ansible inventory for the lab host from the stack outputs."""
    host = load_lab_host(outputs)
    if refresh:
        public_ip, public_dns = ec2.current_address(ec2.ec2_client(host.region), host.instance_id)
        host = host.model_copy(update={"public_ip": public_ip, "public_dns": public_dns})
    inventory_doc = build_inventory(host, key_file=key_file, source=str(outputs))
    attach_infra_configmaps(inventory_doc, lab_infra_configmaps(outputs, project_root()))
    text = render_inventory(inventory_doc, source=str(outputs))
    if str(out) == "-":
        sys.stdout.write(text)
        return
    write_inventory(text, out, group_vars=project_root() / PLAYBOOK_GROUP_VARS)
    _console().print(f"wrote {out} (host {host.address})")


def _find(region: str | None, stack: str) -> tuple[str, EC2Client, list[ec2.LabInstance]]:
    resolved = ec2.resolve_region(region)
    client = ec2.ec2_client(resolved)
    found = ec2.find_lab_instances(client, stack)
    if not found:
        tags = ", ".join(f"{key}={value}" for key, value in ec2.lab_tags(stack).items())
        raise CampusInputError(f"no lab host tagged {tags} in {resolved}; create it with `campus lab up`")
    return resolved, client, found


@lab_app.command()
def status(
    region: RegionOption = None,
    stack: StackOption = DEFAULT_STACK,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """Show the lab host's state, public IP, Elastic IP and uptime."""
    resolved, _, found = _find(region, stack)
    now = datetime.now(UTC)
    if output_format is OutputFormat.json:
        document = views.status_document(found, region=resolved, stack=stack, now=now)
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
        return
    console = _console()
    console.print(views.status_table(found, region=resolved, stack=stack, now=now))
    console.print(views.SESSION_UNKNOWN)


def _report(transitions: list[ec2.Transition], verb: str) -> None:
    console = _console()
    for change in transitions:
        if change.changed:
            console.print(f"{change.instance_id}: {change.before} → {change.after}")
        else:
            console.print(f"{change.instance_id}: already {change.after}, nothing to {verb}")


@lab_app.command()
def stop(region: RegionOption = None, stack: StackOption = DEFAULT_STACK, wait: WaitOption = True) -> None:
    """Stop the lab host (idempotent). EBS and an Elastic IP keep billing while it is stopped."""
    _, client, found = _find(region, stack)
    _report(ec2.stop_lab_instances(client, found, wait=wait), "stop")


@lab_app.command()
def start(region: RegionOption = None, stack: StackOption = DEFAULT_STACK, wait: WaitOption = True) -> None:
    """Start the lab host (idempotent) and show its new public IP."""
    resolved, client, found = _find(region, stack)
    _report(ec2.start_lab_instances(client, found, wait=wait), "start")
    for now_found in ec2.find_lab_instances(client, stack):
        address = now_found.elastic_ip or now_found.public_ip or "not assigned yet"
        _console().print(f"{now_found.instance_id}: public IP {address} ({resolved})")


@lab_app.command()
def cost(
    instance_type: Annotated[str | None, typer.Option(help="t3/t3a/t2, nano..large (default t3.medium).")] = None,
    volume_gb: Annotated[int | None, typer.Option(help=f"gp3 root volume (default {DEFAULT_VOLUME_GB}).")] = None,
    elastic_ip: Annotated[bool | None, typer.Option(help="Whether an Elastic IP is attached.")] = None,
    budget: Annotated[float, typer.Option(help="Budget left, USD.")] = DEFAULT_BUDGET_USD,
    outputs: Annotated[
        Path | None, typer.Option(help="Take type, volume and EIP from these stack outputs; flags override.")
    ] = None,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """What the lab host costs per hour running and per month stopped, and the running hours a budget buys."""
    shape = LabHostShape(instance_type="t3.medium", volume_gb=DEFAULT_VOLUME_GB, elastic_ip=False)
    if outputs is not None:
        host = load_lab_host(outputs)
        if volume_gb is None:  # a size the flag does not override is the outputs' to answer for
            check_volume_gb(host.root_volume_gb, source=str(outputs), key=f"{OUTPUT_NAME}.rootVolumeGb")
        shape = LabHostShape(host.instance_type, host.root_volume_gb, host.elastic_ip)
    shape = LabHostShape(
        instance_type=instance_type if instance_type is not None else shape.instance_type,
        volume_gb=volume_gb if volume_gb is not None else shape.volume_gb,
        elastic_ip=elastic_ip if elastic_ip is not None else shape.elastic_ip,
    )
    result = estimate(shape, Decimal(str(budget)))
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(cost_document(result), indent=2) + "\n")
        return
    console = _console()
    console.print(views.cost_table(result))
    for note in views.cost_notes(result):
        console.print(note)


@lab_app.command()
def configure(
    inventory: Annotated[Path, typer.Option(help="Inventory from `campus lab inventory`.")] = DEFAULT_INVENTORY,
    check: Annotated[bool, typer.Option("--check", help="Dry run: ansible-playbook --check --diff.")] = False,
    playbook: Annotated[Path | None, typer.Option(help="Playbook to run (default playbooks/site.yml).")] = None,
) -> None:
    """Configure the lab host: ansible-playbook -i INVENTORY playbooks/site.yml, from the project root."""
    code = configure_lab.run_site_playbook(project_root(), inventory, check=check, playbook=playbook)
    if code:
        raise typer.Exit(code)


def _run_operation(stack: str, operation: str, *, yes: bool, allow_data_loss: bool) -> None:
    from campus.automation import run_operation  # the Pulumi Automation API loads only when needed

    root = project_root()
    if stack_file(root, stack).is_file() and load_stack_config(root, stack).environment != "learner-lab":
        # A lab command must never reach the platform's shared stacks.
        command = "up" if operation == "up" else "destroy"
        raise CampusInputError(f"`campus lab` manages Learner Lab stacks only; use `campus {command} --stack {stack}`",
                               key="--stack")

    code = run_operation(root, stack, operation, yes=yes, allow_data_loss=allow_data_loss)
    if code:
        raise typer.Exit(code)


YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Apply without stopping after the preview.")]


@lab_app.command()
def up(stack: StackOption = DEFAULT_STACK, yes: YesOption = False) -> None:
    """Create or update the lab stack through the Pulumi Automation API (preview only unless --yes)."""
    _run_operation(stack, "up", yes=yes, allow_data_loss=False)


@lab_app.command()
def down(
    stack: StackOption = DEFAULT_STACK,
    yes: YesOption = False,
    allow_data_loss: Annotated[
        bool, typer.Option("--i-understand-data-loss", help="Required when the stack protects its data.")
    ] = False,
) -> None:
    """Destroy the lab stack through the Pulumi Automation API (preview only unless --yes)."""
    _run_operation(stack, "destroy", yes=yes, allow_data_loss=allow_data_loss)

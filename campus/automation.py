"""Real runs through the Pulumi Automation API, against the local file backend by default.

Needs the Pulumi CLI; without it, one line says how to install it and that `campus synth` works offline.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Literal

from campus.config.loader import load_stack_config
from campus.errors import CampusInputError

Operation = Literal["up", "preview", "destroy", "refresh"]
OPERATIONS: tuple[Operation, ...] = ("up", "preview", "destroy", "refresh")
INSTALL_HINT = ("the Pulumi CLI is not on PATH — install it (https://www.pulumi.com/docs/iac/download-install/, "
                "e.g. `curl -fsSL https://get.pulumi.com | sh` or `brew install pulumi/tap/pulumi`); "
                "`campus synth` and `campus gate` work offline without it")


def backend_url(root: Path) -> str:
    return os.environ.get("PULUMI_BACKEND_URL") or f"file://{root / '.pulumi-state'}"


def check_preconditions(root: Path, stack: str, operation: str, *, allow_data_loss: bool) -> None:
    """Everything that can be refused before touching the Pulumi CLI or the cloud."""
    if operation not in OPERATIONS:
        raise CampusInputError(f"unknown operation (use one of {', '.join(OPERATIONS)})", key=operation)
    cfg = load_stack_config(root, stack)
    if operation == "destroy" and cfg.protect_stateful and not allow_data_loss:
        raise CampusInputError(
            "stack protects its stateful resources (protectStateful: true); destroying it deletes data — "
            "refused unless --i-understand-data-loss is given",
            file=f"stacks/Pulumi.{stack}.yaml", key="campus:protectStateful")
    if shutil.which("pulumi") is None:
        raise CampusInputError(INSTALL_HINT)
    if "PULUMI_CONFIG_PASSPHRASE" not in os.environ and "PULUMI_CONFIG_PASSPHRASE_FILE" not in os.environ \
            and backend_url(root).startswith("file://"):
        raise CampusInputError("set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE): the local "
                               "backend encrypts stack secrets with it")


def run_operation(root: Path, stack: str, operation: str, *, yes: bool = False,
                  allow_data_loss: bool = False) -> int:
    check_preconditions(root, stack, operation, allow_data_loss=allow_data_loss)
    from pulumi import automation as auto

    backend = backend_url(root)
    if backend.startswith("file://"):
        Path(backend.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
    workspace = auto.LocalWorkspaceOptions(work_dir=str(root), env_vars={"PULUMI_BACKEND_URL": backend})
    pulumi_stack = auto.create_or_select_stack(stack_name=stack, work_dir=str(root), opts=workspace)
    if operation == "destroy" and allow_data_loss:
        # Pulumi refuses to delete protected resources; the flag is the explicit, logged consent to do so.
        pulumi_stack.workspace.pulumi_command.run(
            ["state", "unprotect", "--all", "--yes", "--stack", stack], str(root), {"PULUMI_BACKEND_URL": backend})
    if operation in ("up", "destroy") and not yes:
        if operation == "up":
            pulumi_stack.preview(on_output=print)
        else:
            pulumi_stack.preview_destroy(on_output=print)
        print(f"previewed only: re-run with --yes to {operation}")
        return 0
    if operation == "up":
        pulumi_stack.up(on_output=print)
    elif operation == "preview":
        pulumi_stack.preview(on_output=print)
    elif operation == "destroy":
        pulumi_stack.destroy(on_output=print)
    else:
        pulumi_stack.refresh(on_output=print)
    return 0

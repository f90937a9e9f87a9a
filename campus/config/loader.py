"""Read a stack file (or the running Pulumi program's config) into a validated `StackConfig`.

Both paths share `build_stack_config`, so the CLI and `pulumi up` reject the same bad input with the same line.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from campus.catalog.yamlfile import key_path, read_yaml
from campus.config.defaults import deep_merge, environment_defaults
from campus.config.model import StackConfig
from campus.errors import CampusInputError

STACKS = ("dev", "staging", "prod", "learner-lab")
STACKS_DIR = Path("stacks")
PROJECT_NAMESPACE = "campus"
# Provider keys the program reads or tolerates; anything else under aws: is passed to the provider untouched.
_PROVIDER_NAMESPACES = ("aws", "kubernetes", "pulumi")


def stack_file(root: Path, stack: str) -> Path:
    return root / STACKS_DIR / f"Pulumi.{stack}.yaml"


def _environment_of(stack: str) -> str:
    return stack if stack in STACKS else "dev"


def build_stack_config(stack: str, flat: dict[str, Any], shown_file: str) -> StackConfig:
    """`flat` holds Pulumi config keys (`aws:region`, `campus:network` ...) with parsed values."""
    campus: dict[str, Any] = {}
    region: Any = None
    for key, value in flat.items():
        if not isinstance(key, str):
            raise CampusInputError("config keys are text with a namespace (campus:<key> or aws:<key>)",
                                   file=shown_file, key=json.dumps(key, default=str))
        namespace, _, name = key.partition(":")
        if not name:
            raise CampusInputError("config keys need a namespace (campus:<key> or aws:<key>)", file=shown_file, key=key)
        if namespace == PROJECT_NAMESPACE:
            campus[name] = value
        elif namespace == "aws" and name == "region":
            region = value
        elif namespace not in _PROVIDER_NAMESPACES:
            raise CampusInputError(f"unknown config namespace '{namespace}'", file=shown_file, key=key)
    if region is None:
        raise CampusInputError("required (the AWS region of the stack)", file=shown_file, key="aws:region")
    environment = campus.pop("environment", _environment_of(stack))
    merged = deep_merge(environment_defaults(str(environment)), campus)
    merged.update({"stack": stack, "environment": environment, "region": region})
    try:
        return StackConfig.model_validate(merged)
    except ValidationError as err:
        raise _config_error(err, shown_file) from None


def _config_error(err: ValidationError, shown_file: str) -> CampusInputError:
    detail = err.errors()[0]
    loc = tuple(detail["loc"])
    message = str(detail["msg"]).removeprefix("Value error, ")
    if detail["type"] == "extra_forbidden":
        message = "unknown key"
    elif detail["type"] == "missing":
        message = "required"
    key: str | None
    if loc and loc[0] in ("region",):
        key = "aws:region"
    elif loc:
        key = f"{PROJECT_NAMESPACE}:{key_path(loc)}"
    else:
        # Model-level rules name their key at the start of the message: "network.natGateways: ...".
        head, sep, rest = message.partition(": ")
        key = (head if head.startswith("aws:") else f"{PROJECT_NAMESPACE}:{head}") if sep else None
        message = rest if sep else message
    return CampusInputError(message, file=shown_file, key=key)


def read_stack_file(root: Path, stack: str) -> dict[str, Any]:
    path = stack_file(root, stack)
    shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    if not path.is_file():
        known = ", ".join(sorted(p.name.removeprefix("Pulumi.").removesuffix(".yaml")
                                 for p in (root / STACKS_DIR).glob("Pulumi.*.yaml")))
        raise CampusInputError(f"no such stack (known: {known or 'none'})", file=shown)
    doc = read_yaml(path, shown) or {}
    if not isinstance(doc, dict):
        raise CampusInputError("a stack file must be a mapping", file=shown)
    unknown = sorted(str(key) for key in set(doc) - {"config", "secretsprovider", "encryptionsalt", "encryptedkey"})
    if unknown:
        raise CampusInputError("unknown key", file=shown, key=unknown[0])
    config = doc.get("config") or {}
    if not isinstance(config, dict):
        raise CampusInputError("must be a mapping of config keys", file=shown, key="config")
    return config


def load_stack_config(root: Path, stack: str) -> StackConfig:
    path = stack_file(root, stack)
    shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    flat = read_stack_file(root, stack)
    for key, value in flat.items():
        if isinstance(value, dict) and set(value) == {"secure"}:
            raise CampusInputError("campus reads no secrets from stack config; use AWS-managed secrets",
                                   file=shown, key=key)
    return build_stack_config(stack, flat, shown)


def load_all_stacks(root: Path) -> dict[str, StackConfig]:
    configs = {stack: load_stack_config(root, stack) for stack in STACKS}
    _no_overlapping_vpcs(root, configs)
    return configs


def _no_overlapping_vpcs(root: Path, configs: dict[str, StackConfig]) -> None:
    import ipaddress

    seen: list[tuple[str, Any]] = []
    for stack, cfg in configs.items():
        if cfg.network is None:
            continue
        net = ipaddress.ip_network(cfg.network.cidr)
        for other, other_net in seen:
            if net.overlaps(other_net):
                raise CampusInputError(f"{cfg.network.cidr} overlaps the {other} VPC {other_net} (they may be peered)",
                                       file=str(STACKS_DIR / f"Pulumi.{stack}.yaml"), key="campus:network.cidr")
        seen.append((stack, net))


def config_from_pulumi_runtime(stack: str) -> StackConfig:
    """Inside a running Pulumi program (real or offline): the same validation over the engine's config."""
    from pulumi.runtime.config import CONFIG, get_config_env

    raw: dict[str, Any] = {**get_config_env(), **CONFIG.get()}
    flat: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str) and value[:1] in "[{":
            with contextlib.suppress(json.JSONDecodeError):
                value = json.loads(value)
        elif isinstance(value, str) and value in ("true", "false"):
            value = value == "true"
        flat[key] = value
    return build_stack_config(stack, flat, str(STACKS_DIR / f"Pulumi.{stack}.yaml"))

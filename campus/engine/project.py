"""A Pulumi project on disk: `Pulumi.yaml`, its program and its stack config files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from campus.catalog.yamlfile import read_yaml
from campus.errors import CampusInputError


@dataclass(frozen=True)
class PulumiProject:
    root: Path
    name: str
    program: Path
    stack_config_dir: Path

    def stack_file(self, stack: str) -> Path:
        return self.stack_config_dir / f"Pulumi.{stack}.yaml"

    def shown(self, path: Path) -> str:
        return shown_path(path)

    def stacks(self) -> list[str]:
        """Every stack with a `Pulumi.<stack>.yaml`; a project without one has nothing to synthesize."""
        stacks = self._stack_names()
        if not stacks:
            raise CampusInputError("no stack file (Pulumi.<stack>.yaml) in this folder",
                                   file=self.shown(self.stack_config_dir))
        return stacks

    def _stack_names(self) -> list[str]:
        return sorted(p.name.removeprefix("Pulumi.").removesuffix(".yaml")
                      for p in self.stack_config_dir.glob("Pulumi.*.yaml") if p.is_file())

    def stack_config(self, stack: str) -> dict[str, Any]:
        """The stack's config keys as a Pulumi program receives them: strings, objects as JSON."""
        path = self.stack_file(stack)
        shown = self.shown(path)
        if not path.is_file():
            raise CampusInputError(f"no such stack (known: {', '.join(self._stack_names()) or 'none'})", file=shown)
        doc = read_yaml(path, shown) or {}
        if not isinstance(doc, dict) or not isinstance(doc.get("config") or {}, dict):
            raise CampusInputError("must hold a `config:` mapping", file=shown)
        config: dict[str, Any] = {}
        for key, value in (doc.get("config") or {}).items():
            if not isinstance(key, str):
                raise CampusInputError("config keys are text (quote it)", file=shown,
                                       key=f"config.{json.dumps(key, default=str)}")
            full_key = key if ":" in key else f"{self.name}:{key}"
            if isinstance(value, dict) and set(value) == {"secure"}:
                raise CampusInputError("encrypted (secure:) values cannot be decrypted offline", file=shown, key=key)
            config[full_key] = value if isinstance(value, str) else _config_text(value, shown, key)
        return config


def _config_text(value: Any, shown: str, key: str) -> str:
    """A config value as the Pulumi engine hands it to the program: scalars as text, objects and lists as JSON.
    YAML dates and times become ISO 8601 text (the Pulumi CLI keeps them as strings); other YAML-only types such as
    !!binary are bad input."""

    def as_text(item: object) -> str:
        if isinstance(item, date | datetime):
            return item.isoformat()
        raise TypeError(f"YAML {type(item).__name__}")

    if isinstance(value, date | datetime):
        return value.isoformat()
    try:
        return json.dumps(value, default=as_text)
    except (TypeError, ValueError, RecursionError) as err:
        message = "nested too deeply" if isinstance(err, RecursionError) else f"not a config value ({err})"
        raise CampusInputError(message, file=shown, key=key) from None


def shown_path(path: Path) -> str:
    """A path as messages name it: relative to the working directory when inside it, else absolute."""
    here = Path.cwd()
    return str(path.relative_to(here)) if path.is_relative_to(here) else str(path)


def read_project(root: Path) -> PulumiProject:
    root = root.resolve()
    manifest = root / "Pulumi.yaml"
    if not manifest.is_file():
        raise CampusInputError("not a Pulumi project (no Pulumi.yaml)", file=shown_path(root))
    doc = read_yaml(manifest, shown_path(manifest))
    if not isinstance(doc, dict) or not isinstance(doc.get("name"), str):
        raise CampusInputError("needs a project name", file=shown_path(manifest), key="name")
    runtime = doc.get("runtime")
    runtime_name = runtime.get("name") if isinstance(runtime, dict) else runtime
    if runtime_name != "python":
        raise CampusInputError(f"runtime '{runtime_name}' is not supported offline (python only)",
                               file=shown_path(manifest), key="runtime")
    main = root / str(doc.get("main") or ".")
    program = main / "__main__.py" if main.is_dir() else main
    if not program.is_file():
        raise CampusInputError(f"program {shown_path(program)} not found", file=shown_path(manifest), key="main")
    config_dir = root / str(doc.get("stackConfigDir") or ".")
    return PulumiProject(root=root, name=doc["name"], program=program, stack_config_dir=config_dir)

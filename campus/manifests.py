"""Kubernetes manifests as the gate sees them: each object with the file and line it came from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from campus.errors import CampusInputError


@dataclass(frozen=True)
class Manifest:
    doc: dict[str, Any]
    file: str
    line: int | None = None

    @property
    def kind(self) -> str:
        return str(self.doc.get("kind", ""))

    @property
    def name(self) -> str:
        return str((self.doc.get("metadata") or {}).get("name", ""))

    @property
    def namespace(self) -> str:
        return str((self.doc.get("metadata") or {}).get("namespace") or "")

    @property
    def resource_id(self) -> str:
        """`path#Kind/namespace/name`, the resource form used in findings."""
        return f"{self.file}#{self.kind}/{self.namespace}/{self.name}"


def parse_documents(text: str, file: str) -> list[Manifest]:
    """Parse a multi-document YAML text; each mapping document becomes a Manifest with its start line."""
    out: list[Manifest] = []
    try:
        for node in yaml.compose_all(text, Loader=yaml.SafeLoader):
            if node is None:
                continue
            doc = yaml.safe_load(yaml.serialize(node))
            if doc is None:
                continue
            if not isinstance(doc, dict):
                raise CampusInputError("a manifest document must be a mapping", file=file,
                                       key=f"line {node.start_mark.line + 1}")
            out.append(Manifest(doc=doc, file=file, line=node.start_mark.line + 1))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise CampusInputError(f"malformed YAML ({problem})", file=file, key=where) from None
    return out


def load_files(paths: Iterable[Path], root: Path | None = None) -> list[Manifest]:
    """Load every YAML file given; file names in the result are relative to `root` when given."""
    out: list[Manifest] = []
    for path in paths:
        shown = str(path.relative_to(root)) if root is not None and path.is_relative_to(root) else str(path)
        out.extend(parse_documents(path.read_text(), shown))
    return out

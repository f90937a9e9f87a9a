"""Kubernetes manifests as the gate sees them: each object with the file and line it came from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from campus.catalog.yamlfile import parse_yaml_documents, read_text
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
    for doc, line in parse_yaml_documents(text, file):
        if doc is None:
            continue
        if not isinstance(doc, dict):
            raise CampusInputError("a manifest document must be a mapping", file=file, key=f"line {line}")
        if not isinstance(doc.get("metadata") or {}, dict):
            raise CampusInputError(f"must be a mapping (the document on line {line})", file=file, key="metadata")
        out.append(Manifest(doc=doc, file=file, line=line))
    return out


def load_files(paths: Iterable[Path], root: Path | None = None) -> list[Manifest]:
    """Load every YAML file given; file names in the result are relative to `root` when given."""
    out: list[Manifest] = []
    for path in paths:
        shown = str(path.relative_to(root)) if root is not None and path.is_relative_to(root) else str(path)
        out.extend(parse_documents(read_text(path, shown), shown))
    return out

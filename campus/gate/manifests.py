"""What the gate checks on the Kubernetes side: rendered overlays of the GitOps tree, or any folder of manifests."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from campus.errors import CampusInputError
from campus.gitops.kustomize import ALL_ENVIRONMENTS, build_all, build_overlay
from campus.gitops.layout import KUSTOMIZATION_FILES
from campus.manifests import Manifest, load_files

# libyaml's emitter: these files are written on every gate run while the in-process engines compete for the GIL.
_FastDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
GATEKEEPER_DIR = Path("gitops/platform/gatekeeper")
Rendered = dict[tuple[str, str], list[Manifest]]


def render_tree(root: Path, environments: Iterable[str]) -> Rendered:
    """Every overlay and platform area for the environments gated, plus the environment-independent areas."""
    rendered = build_all(root, environments)
    if (root / GATEKEEPER_DIR).is_dir():
        rendered[("gatekeeper", ALL_ENVIRONMENTS)] = build_overlay(root / GATEKEEPER_DIR, root)
    return rendered


def render_folder(folder: Path, root: Path) -> Rendered:
    """`--manifests DIR`: kustomizations are built; other YAML files are read as they are."""
    if not folder.is_dir():
        raise CampusInputError("not a folder", file=str(folder), key="--manifests")
    kustomized = sorted({p.parent for name in KUSTOMIZATION_FILES for p in folder.rglob(name)})
    rendered: Rendered = {}
    for directory in kustomized:
        nested_in_other = any(directory != other and directory.is_relative_to(other) for other in kustomized)
        if not nested_in_other:
            rendered[(_shown(directory, root), ALL_ENVIRONMENTS)] = build_overlay(directory, root)
    loose = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
                   and p.name not in KUSTOMIZATION_FILES and not any(p.is_relative_to(d) for d in kustomized))
    if loose:
        rendered[(_shown(folder, root), ALL_ENVIRONMENTS)] = load_files(loose, root)
    if not any(rendered.values()):
        raise CampusInputError("no Kubernetes objects found (no YAML documents, no kustomizations)", file=str(folder),
                               key="--manifests")
    return rendered


def by_environment(rendered: Rendered) -> dict[str, list[Manifest]]:
    """One set per cluster: an environment's own objects plus the environment-independent ones."""
    shared = [m for (_, env), docs in rendered.items() if env == ALL_ENVIRONMENTS for m in docs]
    environments = sorted({env for (_, env) in rendered if env != ALL_ENVIRONMENTS})
    if not environments:
        return {ALL_ENVIRONMENTS: shared}
    return {env: shared + [m for (_, e), docs in rendered.items() if e == env for m in docs] for env in environments}


def write_rendered(rendered: Rendered, out_dir: Path) -> dict[Path, list[Manifest]]:
    """Rendered objects as files for checkov; returns file → the manifests it holds, in order."""
    written: dict[Path, list[Manifest]] = {}
    for (area, env), docs in sorted(rendered.items()):
        path = out_dir / env / f"{area.replace('/', '_')}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.dump_all([m.doc for m in docs], Dumper=_FastDumper, sort_keys=False))
        written[path] = docs
    return written


def _shown(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)

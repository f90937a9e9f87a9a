"""Small readers over rendered manifests: the pieces of a workload the checks look at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from campus.manifests import Manifest

WORKLOAD_KINDS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"})
DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")
# A release version: 1.2.3, v1.2.3, 3.9.1-msk-iam-2.3.2 — not latest/stable/main or a bare major.
VERSION_TAG = re.compile(r"^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$")


def of_kind(manifests: list[Manifest], kind: str) -> list[Manifest]:
    return [m for m in manifests if m.kind == kind]


def named(manifests: list[Manifest], kind: str, name: str) -> Manifest | None:
    return next((m for m in manifests if m.kind == kind and m.name == name), None)


def pod_spec(workload: Manifest) -> dict[str, Any]:
    spec = workload.doc.get("spec") or {}
    if workload.kind == "CronJob":
        spec = ((spec.get("jobTemplate") or {}).get("spec")) or {}
    return ((spec.get("template") or {}).get("spec")) or {}


def containers(workload: Manifest) -> Iterator[dict[str, Any]]:
    spec = pod_spec(workload)
    for field in ("initContainers", "containers"):
        yield from spec.get(field) or []


def configmap_refs(workload: Manifest) -> set[str]:
    refs: set[str] = set()
    for container in containers(workload):
        refs |= {(e.get("configMapRef") or {}).get("name", "") for e in container.get("envFrom") or []}
    refs.discard("")
    return refs


def secret_refs(workload: Manifest) -> set[str]:
    refs: set[str] = set()
    for container in containers(workload):
        refs |= {(e.get("secretRef") or {}).get("name", "") for e in container.get("envFrom") or []}
        for env in container.get("env") or []:
            refs.add(((env.get("valueFrom") or {}).get("secretKeyRef") or {}).get("name", ""))
    for volume in pod_spec(workload).get("volumes") or []:
        refs.add((volume.get("secret") or {}).get("secretName", ""))
    refs.discard("")
    return refs


def split_image(image: str) -> tuple[str, str | None, str | None]:
    """`repo[:tag][@digest]` → (repository, tag, digest)."""
    digest = None
    if "@" in image:
        image, digest = image.split("@", 1)
    last = image.rsplit("/", 1)[-1]
    if ":" in last:
        repository, tag = image.rsplit(":", 1)
        return repository, tag, digest
    return image, None, digest


def image_pin_problem(image: str) -> str | None:
    """Why an image reference is not pinned, or None when it is."""
    _, tag, digest = split_image(image)
    if digest is not None:
        return None if DIGEST.search("@" + digest) else f"malformed digest in {image}"
    if tag is None:
        return f"{image} has no tag (means latest)"
    if not VERSION_TAG.match(tag):
        return f"{image} uses the moving tag '{tag}'"
    return None

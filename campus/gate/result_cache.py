"""A content-addressed cache of an external tool's findings: same tool version, same input bytes → same findings.

Used for ansible-lint (about 5 CPU-s here, even with its syntax checks batched) while most changes never touch
playbooks/. Delete `.cache/campus-gate/` or set CAMPUS_GATE_NO_CACHE=1 to recompute.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path

from campus.findings import Finding

CACHE_DIR = Path(".cache/campus-gate")


def input_digest(tool: str, versions: Iterable[str], root: Path, paths: Iterable[Path]) -> str:
    digest = hashlib.sha256(tool.encode())
    for version in versions:
        digest.update(version.encode())
    files = sorted({f for p in paths if p.exists() for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file()})
    for file in files:
        digest.update(str(file.relative_to(root)).encode())
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def code_digest(module: str) -> str:
    """A module's source, hashed without importing it: findings cached by older code of it are not reused."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(module)
    return hashlib.sha256(Path(spec.origin).read_bytes()).hexdigest()


def package_versions(*packages: str) -> list[str]:
    return [f"{p}=={metadata.version(p)}" for p in packages]


def cached_findings(root: Path, tool: str, key: str, compute: Callable[[], list[Finding]]) -> list[Finding]:
    path = root / CACHE_DIR / f"{tool}-{key}.json"
    if os.environ.get("CAMPUS_GATE_NO_CACHE") != "1" and path.is_file():
        return [Finding.model_validate(item) for item in json.loads(path.read_text())]
    findings = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps([f.model_dump(mode="json") for f in findings]))
    temporary.replace(path)
    return findings

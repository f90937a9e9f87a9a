"""Build the artifacts the roles install, with STAND-IN scripts in place of the real binaries.

Kafka, node_exporter and k3s cannot be downloaded on the test machine. Each stand-in keeps the real
artifact's layout (so the roles' unpack, link, unit and checksum tasks run unchanged) and only replaces the
program itself with a small script from `standins/`.
"""

from __future__ import annotations

import hashlib
import io
import tarfile
from dataclasses import dataclass
from pathlib import Path

STANDINS = Path(__file__).resolve().parent / "standins"
KAFKA_SCRIPTS = ("kafka-server-start.sh", "kafka-storage.sh", "kafka-topics.sh", "kafka-configs.sh")


@dataclass(frozen=True)
class Artifact:
    path: Path
    checksum: str  # "<algorithm>:<hex>", as the roles' *_checksum variables take it


def kafka_archive(out_dir: Path, *, scala: str, version: str) -> Artifact:
    top = f"kafka_{scala}-{version}"
    launcher = b'#!/bin/sh\nexec python3 "$(dirname "$0")/../libs/kafka_cli.py" "$0" "$@"\n'
    members = {f"{top}/bin/{script}": (launcher, 0o755) for script in KAFKA_SCRIPTS}
    members[f"{top}/libs/kafka_cli.py"] = ((STANDINS / "kafka_cli.py").read_bytes(), 0o644)
    members[f"{top}/config/log4j.properties"] = (b"log4j.rootLogger=INFO, stdout\n", 0o644)
    return _tarball(out_dir / f"{top}.tgz", members, "sha512")


def node_exporter_archive(out_dir: Path, *, version: str, arch: str) -> Artifact:
    top = f"node_exporter-{version}.linux-{arch}"
    members = {
        f"{top}/node_exporter": ((STANDINS / "node_exporter.py").read_bytes(), 0o755),
        f"{top}/LICENSE": (b"stand-in\n", 0o644),
    }
    return _tarball(out_dir / f"{top}.tar.gz", members, "sha256")


def k3s_binary(out_dir: Path) -> Artifact:
    path = out_dir / "k3s"
    path.write_bytes((STANDINS / "k3s.py").read_bytes())
    return Artifact(path, "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest())


def _tarball(path: Path, members: dict[str, tuple[bytes, int]], algorithm: str) -> Artifact:
    with tarfile.open(path, "w:gz") as archive:
        for name, (data, mode) in sorted(members.items()):
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), mode, 0
            archive.addfile(info, io.BytesIO(data))
    return Artifact(path, f"{algorithm}:" + hashlib.new(algorithm, path.read_bytes()).hexdigest())

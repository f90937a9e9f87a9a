"""A cached Debian rootfs made with debootstrap, with the .debs the roles install already downloaded.

The test host runs without network (its own net namespace), so apt installs from the pre-downloaded
archive cache; the cache key covers everything that shapes the rootfs, so a changed package list builds anew.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

DEFAULT_CACHE = Path("/var/cache/campus-testhost")
FALLBACK_MIRROR = "http://deb.debian.org/debian"
APT_SOURCES = (Path("/etc/apt/sources.list"), Path("/etc/apt/sources.list.d"))

# What the guest needs to boot systemd and be driven by Ansible (python3, python3-apt) and testinfra (iproute2).
BOOT_PACKAGES = ("systemd", "systemd-sysv", "dbus", "python3", "python3-apt", "iproute2", "acl", "ca-certificates")


@dataclass(frozen=True)
class RootfsSpec:
    suite: str = "bookworm"
    mirror: str = field(default_factory=lambda: apt_mirror())
    include: tuple[str, ...] = BOOT_PACKAGES
    prefetch: tuple[str, ...] = ()

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()[:16]


def cache_dir() -> Path:
    return Path(os.environ.get("CAMPUS_TESTHOST_CACHE", DEFAULT_CACHE))


def apt_mirror() -> str:
    """The Debian mirror apt on this machine uses (one-line or deb822 sources), else deb.debian.org."""
    files: list[Path] = []
    for source in APT_SOURCES:
        files.extend(sorted(source.glob("*.list")) + sorted(source.glob("*.sources")) if source.is_dir() else [source])
    for file in files:
        if not file.is_file():
            continue
        for token in file.read_text(errors="replace").split():
            if token.startswith(("http://", "https://")) and token.rstrip("/").endswith("/debian"):
                return token.rstrip("/")
    return FALLBACK_MIRROR


def unavailable_reason() -> str | None:
    """Why a test host cannot be built here, or None."""
    if os.geteuid() != 0:
        return "test hosts need root (namespaces, mounts, debootstrap)"
    for tool in ("debootstrap", "unshare", "nsenter"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install -y debootstrap util-linux)"
    if not Path("/sys/fs/cgroup").exists():
        return "no cgroup filesystem at /sys/fs/cgroup"
    return None


def ensure_rootfs(spec: RootfsSpec) -> Path:
    """Return the cached rootfs for `spec`, building it first (about a minute) if absent."""
    home = cache_dir() / spec.digest()
    rootfs = home / "rootfs"
    if (home / "complete").exists():
        return rootfs
    home.mkdir(parents=True, exist_ok=True)
    with _exclusive(home / "lock"):
        if (home / "complete").exists():
            return rootfs
        building = home / "building"
        if building.exists():
            _remove_partial_build(building)
        _debootstrap(spec, building)
        _prefetch(spec, building)
        building.rename(rootfs)
        (home / "spec.json").write_text(json.dumps(asdict(spec), indent=2))
        (home / "complete").touch()
    return rootfs


def _debootstrap(spec: RootfsSpec, target: Path) -> None:
    subprocess.run(
        [
            "debootstrap",
            "--variant=minbase",
            f"--include={','.join(spec.include)}",
            spec.suite,
            str(target),
            spec.mirror,
        ],
        check=True,
        capture_output=True,
    )


def _prefetch(spec: RootfsSpec, target: Path) -> None:
    # Keep downloaded .debs: apt in the guest installs from this cache with no network.
    (target / "etc/apt/apt.conf.d/99campus-keep-debs").write_text(
        'Binary::apt::APT::Keep-Downloaded-Packages "true";\n'
    )
    subprocess.run(["chroot", str(target), "apt-get", "update", "-q"], check=True, capture_output=True)
    if spec.prefetch:
        subprocess.run(
            [
                "chroot",
                str(target),
                "apt-get",
                "install",
                "-q",
                "-y",
                "--download-only",
                "--no-install-recommends",
                *spec.prefetch,
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )


def _remove_partial_build(building: Path) -> None:
    # An interrupted debootstrap can leave proc/sys mounted inside; never delete through a mount.
    mounts = Path("/proc/self/mountinfo").read_text().splitlines()
    if any(line.split()[4].startswith(f"{building}/") for line in mounts):
        raise RuntimeError(f"{building} has mounts left from an interrupted build; unmount them first")
    shutil.rmtree(building)


@contextmanager
def _exclusive(lock_file: Path) -> Iterator[None]:
    with lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

"""A disposable Debian host: an overlayfs copy of the cached rootfs booted with systemd as PID 1.

Everything the host creates is recorded by id (session directory, overlay mount point, cgroup directory,
unshare and systemd pids) and removed by that id in `stop()`; nothing is ever looked up or killed by name.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

import testinfra.host
import yaml

from tests.hosts.testinfra_backend import EnterBackend

HERE = Path(__file__).resolve().parent
BOOT_SCRIPT = HERE / "boot.sh"
ENTER_TEMPLATE = HERE / "enter.sh.in"
CGROUP_PARENT = Path("/sys/fs/cgroup/unified")
CGROUP_V2_ROOT = Path("/sys/fs/cgroup")
BOOT_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 20.0
# systemd treats SIGRTMIN+4 as "power off" when it runs in a container.
POWEROFF_SIGNAL = signal.SIGRTMIN + 4


class TestHostError(RuntimeError):
    pass


class TestHost:
    """`with TestHost(rootfs) as host:` boots it; `host.run(...)`, `host.inventory(...)`, `host.testinfra()`."""

    __test__ = False  # not a pytest test class

    def __init__(self, rootfs: Path, *, hostname: str = "campus-testhost", workdir: Path | None = None) -> None:
        self.rootfs = rootfs
        self.hostname = hostname
        self._workdir_parent = workdir
        self.session: Path | None = None
        self.cgroup: Path | None = None
        self._unshare: subprocess.Popen[bytes] | None = None
        self.systemd_pid: int | None = None
        self._mounts: list[Path] = []

    # -- lifecycle -------------------------------------------------------------------------------------------

    def __enter__(self) -> TestHost:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> None:
        self.session = Path(tempfile.mkdtemp(prefix="campus-testhost-", dir=self._workdir_parent))
        changes = self.session / "changes"
        (self.session / "root").mkdir()
        changes.mkdir()
        # The host's writes go to memory: package installs need no disk syncs and vanish with the host.
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "mode=0700", "tmpfs", str(changes)], check=True, capture_output=True
        )
        self._mounts.append(changes)
        (changes / "upper").mkdir()
        (changes / "work").mkdir()
        subprocess.run(
            [
                "mount",
                "-t",
                "overlay",
                "overlay",
                "-o",
                f"lowerdir={self.rootfs},upperdir={changes / 'upper'},workdir={changes / 'work'}",
                str(self.root),
            ],
            check=True,
            capture_output=True,
        )
        self._mounts.append(self.root)
        (self.root / "etc/hostname").write_text(f"{self.hostname}\n")
        # A throwaway host needs no crash safety from dpkg.
        (self.root / "etc/dpkg/dpkg.cfg.d/campus-testhost-unsafe-io").write_text("force-unsafe-io\n")
        self.cgroup = _cgroup_parent() / self.session.name
        self.cgroup.mkdir()
        self._unshare = subprocess.Popen(
            [str(BOOT_SCRIPT), "outer", str(self.cgroup), str(self.root), self.hostname],
            stdin=subprocess.DEVNULL,
            stdout=(self.session / "console.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.systemd_pid = self._wait_for_systemd_pid()
        self.enter_script.write_text(ENTER_TEMPLATE.read_text().replace("@PID@", str(self.systemd_pid)))
        self.enter_script.chmod(0o700)
        self._wait_until_booted()

    def stop(self) -> None:
        if self._unshare is not None:
            self._power_off()
            self._unshare = None
            self.systemd_pid = None
        if self.cgroup is not None:
            _remove_cgroup_tree(self.cgroup)
            self.cgroup = None
        while self._mounts:
            subprocess.run(["umount", str(self._mounts[-1])], check=True, capture_output=True)
            self._mounts.pop()
        if self.session is not None:
            shutil.rmtree(self.session)
            self.session = None

    # -- access ----------------------------------------------------------------------------------------------

    @property
    def root(self) -> Path:
        """The host's filesystem as seen from outside (the overlay mount point)."""
        assert self.session is not None, "test host not started"
        return self.session / "root"

    @property
    def enter_script(self) -> Path:
        assert self.session is not None, "test host not started"
        return self.session / "enter"

    def run(self, command: str, *, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a shell command inside the host (all its namespaces, its root)."""
        return subprocess.run(
            [str(self.enter_script), str(self.root), "/bin/sh", "-c", command],
            check=check,
            capture_output=True,
            text=True,
        )

    def testinfra(self) -> testinfra.host.Host:
        return testinfra.host.Host(EnterBackend(self.enter_script, self.root))

    def inventory(self, path: Path, *, groups: list[str], host_vars: dict[str, object] | None = None) -> Path:
        """Write a YAML inventory that reaches this host through the chroot connection and `enter`."""
        connection = {
            "ansible_connection": "community.general.chroot",
            "ansible_chroot_exe": str(self.enter_script),
            "ansible_python_interpreter": "/usr/bin/python3",
            **(host_vars or {}),
        }
        host = {str(self.root): connection}
        document = {"all": {"children": {group: {"hosts": host} for group in groups}}}
        path.write_text(yaml.safe_dump(document, sort_keys=False))
        return path

    # -- internals -------------------------------------------------------------------------------------------

    def _wait_for_systemd_pid(self) -> int:
        assert self._unshare is not None
        children = Path(f"/proc/{self._unshare.pid}/task/{self._unshare.pid}/children")
        deadline = time.monotonic() + BOOT_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._unshare.poll() is not None:
                raise TestHostError(f"boot failed: {self._console_tail()}")
            try:
                pids = children.read_text().split()
                comm = Path(f"/proc/{pids[0]}/comm").read_text().strip() if pids else ""
            except OSError:
                pids, comm = [], ""
            # The child is the boot script until it execs systemd.
            if comm == "systemd":
                return int(pids[0])
            time.sleep(0.05)
        raise TestHostError(f"systemd did not start within {BOOT_TIMEOUT_S:.0f} s")

    def _wait_until_booted(self) -> None:
        deadline = time.monotonic() + BOOT_TIMEOUT_S
        state, detail = "offline", ""
        # "offline" until PID 1 listens on its private socket; `--wait` then covers the rest of the boot.
        while state == "offline" and time.monotonic() < deadline:
            result = self.run(f"timeout {BOOT_TIMEOUT_S:.0f} systemctl is-system-running --wait", check=False)
            state, detail = result.stdout.strip() or "offline", result.stderr.strip()
            if state == "offline":
                time.sleep(0.05)
        if state not in {"running", "degraded"}:
            raise TestHostError(f"systemd state {state!r} after boot: {detail}")

    def _power_off(self) -> None:
        assert self._unshare is not None
        if self.systemd_pid is not None and self._unshare.poll() is None:
            os.kill(self.systemd_pid, POWEROFF_SIGNAL)
            try:
                self._unshare.wait(timeout=STOP_TIMEOUT_S)
                return
            except subprocess.TimeoutExpired:
                # Killing PID 1 of the namespace kills every process in it.
                os.kill(self.systemd_pid, signal.SIGKILL)
        if self._unshare.poll() is None:
            os.killpg(self._unshare.pid, signal.SIGKILL)
        self._unshare.wait(timeout=STOP_TIMEOUT_S)

    def _console_tail(self) -> str:
        assert self.session is not None
        log = self.session / "console.log"
        return log.read_text(errors="replace")[-500:] if log.exists() else ""


def _cgroup_parent() -> Path:
    """Where session cgroups go: the cgroup2 mount (hybrid hosts mount it at /sys/fs/cgroup/unified)."""
    if (CGROUP_PARENT / "cgroup.procs").exists():
        return CGROUP_PARENT
    if (CGROUP_V2_ROOT / "cgroup.controllers").exists():
        return CGROUP_V2_ROOT
    raise TestHostError("no cgroup2 hierarchy mounted (need /sys/fs/cgroup or /sys/fs/cgroup/unified)")


def _remove_cgroup_tree(cgroup: Path) -> None:
    # A cgroup can be removed once empty; after PID 1 exits the kernel needs a moment to notice.
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while cgroup.exists():
        try:
            for directory in sorted((p for p in cgroup.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
                directory.rmdir()
            cgroup.rmdir()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)

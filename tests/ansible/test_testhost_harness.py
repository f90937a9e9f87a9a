"""The test-host harness: systemd is PID 1 in the host's own namespaces, and stop() leaves nothing behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.hosts import TestHost

pytestmark = pytest.mark.host


def test_boots_systemd_in_own_namespaces_and_cleans_up(lab_rootfs: Path) -> None:
    host = TestHost(lab_rootfs, hostname="campus-harness")
    with host:
        session, cgroup, systemd_pid = host.session, host.cgroup, host.systemd_pid
        assert session is not None and cgroup is not None and systemd_pid is not None
        assert host.run("cat /proc/1/comm").stdout.strip() == "systemd"
        assert host.run("hostname").stdout.strip() == "campus-harness"
        assert host.run("systemctl is-system-running").stdout.strip() in {"running", "degraded"}
        for namespace in ("pid", "mnt", "net", "uts", "cgroup"):
            assert os.readlink(f"/proc/{systemd_pid}/ns/{namespace}") != os.readlink(f"/proc/self/ns/{namespace}")
        assert (cgroup / "init.scope").is_dir()  # the guest's slices live under the session's cgroup

    assert not session.exists()
    assert not cgroup.exists()
    assert not Path(f"/proc/{systemd_pid}").exists()
    assert str(session) not in Path("/proc/self/mountinfo").read_text()

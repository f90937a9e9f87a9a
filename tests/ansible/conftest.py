"""Fixtures for the Ansible tests: the cached rootfs, a booted test host, and the site converged on it twice."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The harness and helpers are imported as `tests.*`; pytest puts only this folder on sys.path.
REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.ansible.lab_site import HOST_GROUPS, ConvergedHost, lab_host_vars, role_packages  # noqa: E402
from tests.ansible.playbook_runner import run_playbook  # noqa: E402
from tests.hosts import RootfsSpec, TestHost, ensure_rootfs, unavailable_reason  # noqa: E402


@pytest.fixture(scope="session")
def lab_rootfs() -> Path:
    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    return ensure_rootfs(RootfsSpec(prefetch=role_packages()))


@pytest.fixture(scope="session")
def lab_host(lab_rootfs: Path) -> Iterator[TestHost]:
    with TestHost(lab_rootfs, hostname="campus-lab") as host:
        yield host


@pytest.fixture(scope="session")
def converged(lab_host: TestHost, tmp_path_factory: pytest.TempPathFactory) -> ConvergedHost:
    work = tmp_path_factory.mktemp("converge")
    host_vars = lab_host_vars(work)
    inventory = lab_host.inventory(work / "inventory.yml", groups=HOST_GROUPS, host_vars=host_vars)
    first = run_playbook("site.yml", inventory)
    second = run_playbook("site.yml", inventory) if first.returncode == 0 else first
    return ConvergedHost(lab_host, inventory, host_vars, first, second)

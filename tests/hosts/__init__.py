"""Real Debian test hosts for the Ansible tests: a cached debootstrap rootfs booted with systemd in namespaces."""

from tests.hosts.host import TestHost, TestHostError
from tests.hosts.rootfs import RootfsSpec, ensure_rootfs, unavailable_reason

__all__ = ["RootfsSpec", "TestHost", "TestHostError", "ensure_rootfs", "unavailable_reason"]

"""The lab host the converge tests build: packages to pre-download, host variables, and the converged result."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.ansible.playbook_runner import REPO, PlaybookRun
from tests.ansible.standin_artifacts import k3s_binary, kafka_archive, node_exporter_archive
from tests.hosts import TestHost

ROLES = REPO / "playbooks" / "roles"
HOST_GROUPS = ["learner_lab", "kafka", "postgres", "lab_runtime"]


def role_packages() -> tuple[str, ...]:
    """Every package the roles install on Debian (their vars/Debian.yml `*_packages`, rendered with defaults)."""
    packages: set[str] = set()
    for vars_file in sorted(ROLES.glob("*/vars/Debian.yml")):
        defaults_file = vars_file.parents[1] / "defaults" / "main.yml"
        defaults = yaml.safe_load(defaults_file.read_text()) if defaults_file.exists() else {}
        for key, value in (yaml.safe_load(vars_file.read_text()) or {}).items():
            if key.endswith("_packages"):
                packages.update(jinja2.Template(item).render(**defaults) for item in value)
    return tuple(sorted(packages))


@dataclass(frozen=True)
class ConvergedHost:
    host: TestHost
    inventory: Path
    host_vars: dict[str, object]
    first: PlaybookRun
    second: PlaybookRun


def admin_public_key() -> str:
    key = Ed25519PrivateKey.generate().public_key()
    return key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()


def lab_host_vars(artifacts_dir: Path) -> dict[str, object]:
    kafka = kafka_archive(artifacts_dir, scala="2.13", version="3.7.2")
    exporter = node_exporter_archive(artifacts_dir, version="1.9.1", arch="amd64")
    k3s = k3s_binary(artifacts_dir)
    return {
        "campus_environment": "learner-lab",
        "common_admin_users": [{"name": "campus-admin", "ssh_keys": [admin_public_key()]}],
        # The host has no network: apt installs from the rootfs' pre-downloaded archives and index.
        "common_apt_cache_valid_time": 10 * 365 * 24 * 3600,
        # The guest shares the machine's clock: chronyd runs but must never set it.
        "common_chrony_daemon_opts": "-F 1 -x",
        "kafka_cluster_id": "MkU3OEVBNTcwNTJENDM2Qg",
        "kafka_archive_local_path": str(kafka.path),
        "kafka_archive_checksum": kafka.checksum,
        "node_exporter_archive_local_path": str(exporter.path),
        "node_exporter_checksums": {"amd64": exporter.checksum},
        "lab_runtime_k3s_local_path": str(k3s.path),
        "lab_runtime_k3s_checksums": {"amd64": k3s.checksum},
        "lab_runtime_git_repo_url": "https://github.com/campus-example/campus.git",
        # As `campus lab inventory` fills it from the stack outputs (a value with YAML-special characters too).
        "lab_runtime_infra_configmaps": {"stt": {"BUCKET_AUDIO": "campus-learner-lab-audio-123456789012-us-east-1",
                                                 "KAFKA_SASL_MECHANISM": "", "DB_PORT": "5432: yes"}},
        # The k3s stand-in runs no Kubernetes, so there is no node to wait for.
        "lab_runtime_wait_ready": False,
        "postgres_listen_addresses": "*",
        "postgres_roles": [{"name": "progress"}],
        "postgres_databases": [{"name": "progress", "owner": "progress"}],
        "postgres_role_passwords": {"progress": (password := secrets.token_urlsafe(18))},
        "lab_runtime_db_credentials": {"progress-analytics": {"username": "progress", "password": password}},
    }

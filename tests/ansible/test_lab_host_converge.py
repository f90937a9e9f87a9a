"""site.yml on a real Debian 12 host booted with systemd: converge, converge again (no change), verify.

PostgreSQL, OpenJDK, chrony, unattended-upgrades, sshd, users and sudo are the real Debian packages, really
running. Kafka, node_exporter and k3s are STAND-INS with the real artifacts' layout (see standins/): for
them the tests check what the roles render and install (files, units, users, permissions), and that the
units start the installed program.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml

from tests.ansible.lab_site import ConvergedHost
from tests.ansible.playbook_runner import REPO, run_playbook

pytestmark = pytest.mark.host


def test_site_converges(converged: ConvergedHost) -> None:
    assert converged.first.returncode == 0, converged.first.stdout[-3000:] + converged.first.stderr[-2000:]
    host_stats = [stats for name, stats in converged.first.stats().items() if name != "localhost"]
    assert host_stats and all(stats["failures"] == 0 for stats in host_stats)
    assert all(stats["changed"] > 0 for stats in host_stats)


def test_second_converge_changes_nothing(converged: ConvergedHost) -> None:
    assert converged.second.returncode == 0, converged.second.stderr[-2000:]
    assert converged.second.changed_tasks() == []
    assert all(stats["changed"] == 0 for stats in converged.second.stats().values())


# -- real packages -----------------------------------------------------------------------------------------


def test_sshd_runs_hardened(converged: ConvergedHost) -> None:
    host = converged.host.testinfra()
    assert host.service("ssh").is_running and host.service("ssh").is_enabled
    assert host.socket("tcp://0.0.0.0:22").is_listening
    dropin = host.file("/etc/ssh/sshd_config.d/10-campus-hardening.conf")
    assert dropin.user == "root" and dropin.mode == 0o600
    effective = host.check_output("sshd -T -C user=campus-admin,host=lab,addr=127.0.0.1")
    settings = dict(line.split(" ", 1) for line in effective.splitlines() if " " in line)
    assert settings["permitrootlogin"] == "no"
    assert settings["passwordauthentication"] == "no"
    assert settings["kbdinteractiveauthentication"] == "no"
    assert settings["x11forwarding"] == "no"
    assert settings["maxauthtries"] == "3"
    assert settings["allowgroups"] == "campus-admins"


def test_admin_user_has_key_and_sudo(converged: ConvergedHost) -> None:
    host = converged.host.testinfra()
    admin = host.user("campus-admin")
    assert admin.exists and "campus-admins" in admin.groups and admin.shell == "/bin/bash"
    keys = host.file("/home/campus-admin/.ssh/authorized_keys")
    assert keys.user == "campus-admin" and keys.mode == 0o600
    expected_key = converged.host_vars["common_admin_users"][0]["ssh_keys"][0]  # type: ignore[index]
    assert keys.content_string.strip() == expected_key
    assert host.file("/etc/sudoers.d/campus-admins").mode == 0o440
    assert host.run("runuser -u campus-admin -- sudo -n id -u").stdout.strip() == "0"
    assert host.run("runuser -u nobody -s /bin/sh -- -c 'sudo -n true'").rc != 0


def test_chrony_runs_with_configured_sources(converged: ConvergedHost) -> None:
    host = converged.host.testinfra()
    assert host.service("chrony").is_running and host.service("chrony").is_enabled
    sources = host.check_output("chronyc -n sources")
    assert "169.254.169.123" in sources
    assert host.file("/etc/default/chrony").contains('DAEMON_OPTS="-F 1 -x"')


def test_unattended_upgrades_configured(converged: ConvergedHost) -> None:
    host = converged.host.testinfra()
    assert host.package("unattended-upgrades").is_installed
    assert host.service("unattended-upgrades").is_enabled
    dump = host.check_output("apt-config dump")
    assert 'APT::Periodic::Unattended-Upgrade "1";' in dump
    assert "codename=${distro_codename}-security,label=Debian-Security" in dump
    dry_run = host.run("unattended-upgrade --dry-run --debug 2>&1")
    allowed = re.search(r"^Allowed origins are: (.*)$", dry_run.stdout, re.MULTILINE)
    assert allowed is not None, dry_run.stdout
    assert allowed.group(1) == "origin=Debian,codename=bookworm-security,label=Debian-Security"


def test_openjdk_17_runs(converged: ConvergedHost) -> None:
    host = converged.host.testinfra()
    assert host.package("openjdk-17-jre-headless").is_installed
    assert 'version "17.' in host.run("/usr/lib/jvm/java-17-openjdk-amd64/bin/java -version").stderr


def test_postgres_serves_the_lab_database(converged: ConvergedHost) -> None:
    host = converged.host.testinfra()
    assert host.service("postgresql@15-main").is_running
    assert host.socket("tcp://0.0.0.0:5432").is_listening
    password = converged.host_vars["postgres_role_passwords"]["progress"]  # type: ignore[index]
    query = host.run(
        "PGPASSWORD=%s psql -h 127.0.0.1 -U progress -d progress -tAc "
        "\"select current_user, pg_catalog.pg_get_userbyid(datdba) from pg_database where datname='progress'\"",
        password,
    )
    assert query.rc == 0, query.stderr
    assert query.stdout.strip() == "progress|progress"
    wrong = host.run("PGPASSWORD=wrong psql -h 127.0.0.1 -U progress -d progress -c 'select 1'")
    assert wrong.rc != 0 and "password authentication failed" in wrong.stderr
    hba = host.file("/etc/postgresql/15/main/pg_hba.conf")
    assert hba.mode == 0o640 and not hba.contains("trust")
    assert host.run("grep -R %s /etc/postgresql", password).rc != 0  # only the server's hash holds it


# -- stand-in artifacts: what the roles render and install -----------------------------------------------


def test_kafka_installed_and_formatted_once(converged: ConvergedHost) -> None:
    host = converged.host.testinfra()
    kafka = host.user("kafka")
    assert kafka.exists and kafka.shell == "/usr/sbin/nologin"
    assert host.file("/opt/kafka/current").linked_to == "/opt/kafka/kafka_2.13-3.7.2"
    data = host.file("/var/lib/kafka/data")
    assert data.user == "kafka" and data.mode == 0o750
    meta = host.file("/var/lib/kafka/data/meta.properties")
    assert meta.user == "kafka" and meta.contains("cluster.id=MkU3OEVBNTcwNTJENDM2Qg")
    properties = host.file("/etc/kafka/server.properties")
    assert properties.group == "kafka" and properties.mode == 0o640
    rendered = dict(
        line.split("=", 1) for line in properties.content_string.splitlines() if "=" in line and line[0] != "#"
    )
    assert rendered["process.roles"] == "broker,controller"
    assert rendered["controller.quorum.voters"] == "1@127.0.0.1:9093"
    assert rendered["listeners"] == "CLIENT://0.0.0.0:9092,CONTROLLER://127.0.0.1:9093"
    assert rendered["advertised.listeners"] == "CLIENT://127.0.0.1:9092"
    assert rendered["listener.security.protocol.map"] == "CLIENT:PLAINTEXT,CONTROLLER:PLAINTEXT"
    assert rendered["log.dirs"] == "/var/lib/kafka/data"
    assert not any(key.startswith("ssl.") for key in rendered)


def test_kafka_unit_runs_as_kafka_with_sized_heap(converged: ConvergedHost) -> None:
    host = converged.host.testinfra()
    service = host.service("kafka")
    assert service.is_running and service.is_enabled
    assert host.socket("tcp://0.0.0.0:9092").is_listening
    assert host.socket("tcp://127.0.0.1:9093").is_listening
    unit = host.run("systemctl show kafka -p User -p ExecStart -p EnvironmentFiles").stdout
    assert "User=kafka" in unit and "/opt/kafka/current/bin/kafka-server-start.sh /etc/kafka/server.properties" in unit
    memtotal_mb = int(host.check_output("awk '/^MemTotal:/ {print $2}' /proc/meminfo")) // 1024
    heap = min(max(int(memtotal_mb * 0.25), 512), 2048)
    assert host.file("/etc/kafka/kafka.env").contains(f'KAFKA_HEAP_OPTS="-Xms{heap}m -Xmx{heap}m"')


def test_topic_catalog_applied(converged: ConvergedHost) -> None:
    catalog = yaml.safe_load((REPO / "catalog/topics.yaml").read_text())
    state = json.loads(converged.host.testinfra().file("/var/lib/kafka/standin-topics.json").content_string)
    assert sorted(state) == sorted(topic["name"] for topic in catalog["topics"])
    for topic in catalog["topics"]:
        created = state[topic["name"]]
        assert created["partitions"] == topic["partitions"]
        assert created["rf"] == 1
        assert created["config"] == {
            "min.insync.replicas": "1",
            "retention.ms": str(topic["retentionHours"] * 3_600_000),
        }


def test_node_exporter_installed(converged: ConvergedHost) -> None:
    host = converged.host.testinfra()
    assert host.user("node-exporter").exists
    binary = host.file("/usr/local/bin/node_exporter")
    assert binary.user == "root" and binary.mode == 0o755
    service = host.service("node_exporter")
    assert service.is_running and service.is_enabled
    assert "User=node-exporter" in host.run("systemctl show node_exporter -p User").stdout
    assert host.socket("tcp://0.0.0.0:9100").is_listening
    assert "--collector.systemd" in host.file("/etc/systemd/system/node_exporter.service").content_string


def test_k3s_and_argocd_manifests(converged: ConvergedHost) -> None:
    host = converged.host.testinfra()
    assert host.service("k3s").is_running and host.service("k3s").is_enabled
    assert host.file("/usr/local/bin/kubectl").linked_to == "/usr/local/bin/k3s"
    config = yaml.safe_load(host.file("/etc/rancher/k3s/config.yaml").content_string)
    assert config["write-kubeconfig-mode"] == "0600" and config["secrets-encryption"] is True
    manifests = "/var/lib/rancher/k3s/server/manifests"
    argocd = list(yaml.safe_load_all(host.file(f"{manifests}/campus-argocd.yaml").content_string))
    chart = next(doc for doc in argocd if doc["kind"] == "HelmChart")
    assert chart["spec"]["chart"] == "argo-cd" and re.fullmatch(r"\d+\.\d+\.\d+", chart["spec"]["version"])
    assert yaml.safe_load(chart["spec"]["valuesContent"])["dex"]["enabled"] is False
    apps_yaml = host.file(f"{manifests}/campus-learner-lab-apps.yaml").content_string
    docs = list(yaml.safe_load_all(apps_yaml))
    repo = converged.host_vars["lab_runtime_git_repo_url"]
    secrets_file = host.file(f"{manifests}/campus-db-secrets.yaml")
    assert secrets_file.mode == 0o600 and secrets_file.user == "root"
    (secret,) = list(yaml.safe_load_all(secrets_file.content_string))[:1]
    assert secret["metadata"]["name"] == "progress-analytics-db" and secret["metadata"]["namespace"] == "campus"
    assert secret["stringData"] == converged.host_vars["lab_runtime_db_credentials"]["progress-analytics"]
    configmaps = {d["metadata"]["name"]: d for d in docs if d["kind"] == "ConfigMap"}
    assert configmaps["stt-infra"]["metadata"]["namespace"] == "campus"
    assert configmaps["stt-infra"]["data"] == converged.host_vars["lab_runtime_infra_configmaps"]["stt"]
    namespaces = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Namespace"}
    assert set(namespaces) == {"campus", "observability"}
    assert all(n["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
               for n in namespaces.values())
    root = next(d for d in docs if d["kind"] == "Application")
    assert root["spec"]["source"] == {"repoURL": repo, "targetRevision": "main",
                                      "path": "gitops/clusters/learner-lab"}
    assert root["spec"]["syncPolicy"]["automated"] == {"prune": True, "selfHeal": True}
    project = next(d for d in docs if d["kind"] == "AppProject")
    assert project["spec"]["sourceRepos"] == [repo]
    assert "*" not in json.dumps(project["spec"]["destinations"])
    # The repository's own bootstrap for this cluster says the same, so the lab runs what EKS runs.
    shipped = yaml.safe_load((REPO / "gitops/bootstrap/root-learner-lab.yaml").read_text())
    assert shipped["spec"]["source"]["path"] == root["spec"]["source"]["path"]
    cluster_tree = (REPO / "gitops/clusters/learner-lab/services.yaml").read_text()
    assert "apps/*/overlays/learner-lab" in cluster_tree


def test_topic_drift_is_repaired(converged: ConvergedHost) -> None:
    """A changed retention and a deleted topic come back on the next kafka_topics run; nothing else changes."""
    host = converged.host
    state_file = host.root / "var/lib/kafka/standin-topics.json"
    state = json.loads(state_file.read_text())
    state["chat.message"]["config"]["retention.ms"] = "1"
    del state["quiz.generated"]
    state_file.write_text(json.dumps(state))

    run = run_playbook("kafka.yml", converged.inventory, extra_args=["--tags", "kafka_topics"])

    assert run.returncode == 0, run.stderr[-2000:]
    changed = [task.split(" / ", 1)[1] for task in run.changed_tasks()]
    assert changed == ["kafka_topics : Create missing topics", "kafka_topics : Align topic configs"]
    repaired = json.loads(state_file.read_text())
    assert repaired["chat.message"]["config"]["retention.ms"] == str(720 * 3_600_000)
    assert repaired["quiz.generated"]["partitions"] == 3

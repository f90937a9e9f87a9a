"""Role templates rendered the way Ansible renders them (Jinja2, trim_blocks), for settings the host test leaves off."""

from __future__ import annotations

import jinja2

from tests.ansible.playbook_runner import PLAYBOOKS

ROLES = PLAYBOOKS / "roles"


def render(template: str, **variables: object) -> dict[str, str]:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROLES), trim_blocks=True, undefined=jinja2.StrictUndefined
    )
    text = environment.get_template(template).render(ansible_managed="managed", **variables)
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line and not line.startswith("#"))


def kafka_vars(**overrides: object) -> dict[str, object]:
    return {
        "kafka_version": "3.7.2",
        "kafka_node_id": 1,
        "kafka_controller_listener": "CONTROLLER",
        "kafka_inter_broker_listener": "CLIENT",
        "kafka_listeners": [
            {
                "name": "CLIENT",
                "bind_host": "0.0.0.0",
                "port": 9092,
                "protocol": "SSL",
                "advertised_host": "lab.example",
            },
            {"name": "CONTROLLER", "bind_host": "127.0.0.1", "port": 9093, "protocol": "PLAINTEXT"},
        ],
        "kafka_data_dir": "/var/lib/kafka/data",
        "kafka_num_partitions": 3,
        "kafka_default_replication_factor": 1,
        "kafka_min_insync_replicas": 1,
        "kafka_log_retention_hours": 168,
        "kafka_tls_keystore_path": "/etc/kafka/tls/kafka.keystore.p12",
        "kafka_tls_truststore_path": "/etc/kafka/tls/kafka.truststore.p12",
        "kafka_tls_keystore_password": "from-vault-1",
        "kafka_tls_truststore_password": "from-vault-2",
        "kafka_tls_client_auth": "required",
        "kafka_extra_properties": {"log.cleaner.threads": 1},
        **overrides,
    }


def test_kafka_tls_listener_renders_ssl_settings() -> None:
    properties = render("kafka/templates/server.properties.j2", **kafka_vars())

    assert properties["listeners"] == "CLIENT://0.0.0.0:9092,CONTROLLER://127.0.0.1:9093"
    assert properties["advertised.listeners"] == "CLIENT://lab.example:9092"
    assert properties["listener.security.protocol.map"] == "CLIENT:SSL,CONTROLLER:PLAINTEXT"
    assert properties["ssl.keystore.location"] == "/etc/kafka/tls/kafka.keystore.p12"
    assert properties["ssl.keystore.password"] == "from-vault-1"
    assert properties["ssl.client.auth"] == "required"
    assert properties["log.cleaner.threads"] == "1"


def test_kafka_extra_listener_is_advertised_but_controller_is_not() -> None:
    listeners = [
        {"name": "CLIENT", "bind_host": "0.0.0.0", "port": 9092, "protocol": "PLAINTEXT", "advertised_host": "a"},
        {"name": "INTERNAL", "bind_host": "10.0.0.5", "port": 9094, "protocol": "PLAINTEXT", "advertised_host": "b"},
        {"name": "CONTROLLER", "bind_host": "127.0.0.1", "port": 9093, "protocol": "PLAINTEXT"},
    ]
    properties = render("kafka/templates/server.properties.j2", **kafka_vars(kafka_listeners=listeners))

    assert properties["advertised.listeners"] == "CLIENT://a:9092,INTERNAL://b:9094"
    assert not any(key.startswith("ssl.") for key in properties)

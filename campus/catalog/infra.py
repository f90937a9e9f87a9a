"""The values of each service's `<service>-infra` ConfigMap: exactly the keys its contract implies.

One derivation for both owners of that ConfigMap: the Pulumi bootstrap on EKS (values are provider Outputs) and the
Learner Lab host bootstrap (values from the learner-lab stack's outputs, written by Ansible).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from campus.catalog.contracts import Contract, env_suffix


@dataclass
class InfraEndpoints:
    region: str
    environment: str
    tables: dict[str, Any]
    buckets: dict[str, Any]
    models: dict[str, str] = field(default_factory=dict)
    kafka_bootstrap: Any = None
    kafka_security_protocol: str = "SASL_SSL"
    kafka_sasl_mechanism: str = "AWS_MSK_IAM"
    db_endpoint: Any = None
    db_reader_endpoint: Any = None
    db_name: str | None = None
    db_secret_arn: Any = None
    db_iam_auth: bool = True


def infra_values(contract: Contract, infra: InfraEndpoints) -> dict[str, Any]:
    values: dict[str, Any] = {
        "AWS_REGION": infra.region, "CAMPUS_ENVIRONMENT": infra.environment, "SERVICE_NAME": contract.service}
    if contract.uses_kafka and infra.kafka_bootstrap is not None:
        values.update({"KAFKA_BOOTSTRAP_SERVERS": infra.kafka_bootstrap,
                       "KAFKA_SECURITY_PROTOCOL": infra.kafka_security_protocol,
                       "KAFKA_SASL_MECHANISM": infra.kafka_sasl_mechanism})
    if contract.consumes:
        values["KAFKA_CONSUMER_GROUP"] = contract.service
    for name in contract.tables.all():
        values[f"TABLE_{env_suffix(name)}"] = infra.tables[name]
    for name in contract.buckets.all():
        values[f"BUCKET_{env_suffix(name)}"] = infra.buckets[name]
    for name in contract.models:
        if name in infra.models:
            values[f"BEDROCK_MODEL_{env_suffix(name)}"] = infra.models[name]
    if contract.database != "none" and infra.db_endpoint is not None:
        values.update({
            "DB_ENDPOINT": infra.db_endpoint, "DB_READER_ENDPOINT": infra.db_reader_endpoint or infra.db_endpoint,
            "DB_PORT": "5432", "DB_NAME": infra.db_name or "", "DB_SECRET_ARN": infra.db_secret_arn or "",
            "DB_IAM_AUTH": "true" if infra.db_iam_auth else "false"})
    return values

"""The `<service>-infra` ConfigMaps of the Learner Lab host, from the learner-lab stack's outputs.

On EKS the Pulumi bootstrap writes these ConfigMaps; in the lab the host bootstrap (Ansible, lab_runtime) does, because
only the deployed stack knows the real bucket names (they carry the student's account id). Kafka and PostgreSQL run
on the host and are reached through the Services of gitops/platform/learner-lab-host.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from campus.catalog.contracts import KnownNames, load_contracts
from campus.catalog.infra import InfraEndpoints, infra_values
from campus.config.defaults import PLATFORM_MODELS
from campus.errors import CampusInputError
from campus.lab.outputs import read_outputs

LAB_KAFKA = "kafka.campus.svc.cluster.local:9092"
LAB_POSTGRES = "postgres.campus.svc.cluster.local"
LAB_DATABASE = "campus"


def _names(outputs: dict[str, Any], key: str, source: str) -> dict[str, str]:
    value = outputs.get(key)
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise CampusInputError("missing or not a map of names", file=source, key=key)
    return value


def lab_infra_configmaps(outputs_file: Path, root: Path) -> dict[str, dict[str, str]]:
    """Service → the data of its `<service>-infra` ConfigMap on the lab host."""
    source = str(outputs_file)
    outputs = read_outputs(outputs_file)
    if not isinstance(outputs, dict) or not isinstance(outputs.get("region"), str):
        raise CampusInputError("missing", file=source, key="region")
    endpoints = InfraEndpoints(
        region=outputs["region"], environment="learner-lab",
        tables=_names(outputs, "tables", source), buckets=_names(outputs, "buckets", source),
        # No Bedrock in Learner Lab accounts: the ids keep the services' configuration complete; calls fail there.
        models=PLATFORM_MODELS,
        kafka_bootstrap=LAB_KAFKA, kafka_security_protocol="PLAINTEXT", kafka_sasl_mechanism="",
        db_endpoint=LAB_POSTGRES, db_reader_endpoint=LAB_POSTGRES, db_name=LAB_DATABASE, db_secret_arn="",
        db_iam_auth=False)
    configmaps: dict[str, dict[str, str]] = {}
    # The models the lab host's services are configured with; a contract naming another is refused as the gate
    # refuses it.
    known = KnownNames(models=frozenset(endpoints.models))
    for service, contract in sorted(load_contracts(root, known).items()):
        for kind, exported, wanted in (("buckets", endpoints.buckets, contract.buckets.all()),
                                       ("tables", endpoints.tables, contract.tables.all())):
            for name in wanted:
                if name not in exported:
                    raise CampusInputError(f"not exported, but apps/{service}/contract.yaml needs it",
                                           file=source, key=f"{kind}.{name}")
        values = infra_values(contract, endpoints)
        configmaps[service] = {key: str(values[key]) for key in contract.infra_keys()}
    return configmaps

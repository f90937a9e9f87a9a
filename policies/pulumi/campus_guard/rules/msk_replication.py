"""CG-MSK-006: the cluster's configuration keeps data on enough replicas."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import PolicyResource, StackValidationArgs

from .. import aws_types as t
from ..props import is_prod
from ..relations import of_type, referred
from ..rule import RuleMetadata, StackRule, nist

# Kafka's own defaults when a property is absent.
KAFKA_DEFAULTS = {
    "default.replication.factor": "1",
    "min.insync.replicas": "1",
    "unclean.leader.election.enable": "false",
}
PROD_REPLICATION_FACTOR = 3
PROD_MIN_INSYNC = 2


def server_properties(configuration: PolicyResource) -> dict[str, str]:
    parsed = dict(KAFKA_DEFAULTS)
    for line in str(configuration.props.get("serverProperties") or "").splitlines():
        key, sep, value = line.partition("=")
        if sep and not key.strip().startswith("#"):
            parsed[key.strip()] = value.strip()
    return parsed


def problems(settings: dict[str, str], prod: bool) -> Iterator[str]:
    factor = int(settings["default.replication.factor"])
    min_insync = int(settings["min.insync.replicas"])
    if settings["unclean.leader.election.enable"].lower() == "true":
        yield "unclean.leader.election.enable=true can lose acknowledged writes"
    if factor > 1 and min_insync >= factor:
        yield (
            f"min.insync.replicas={min_insync} >= default.replication.factor={factor}: losing one broker stops writes"
        )
    if prod and factor < PROD_REPLICATION_FACTOR:
        yield f"default.replication.factor={factor}, prod needs {PROD_REPLICATION_FACTOR}"
    if prod and min_insync < PROD_MIN_INSYNC:
        yield f"min.insync.replicas={min_insync}, prod needs {PROD_MIN_INSYNC}"


def check(args: StackValidationArgs) -> Iterator[tuple[str, str]]:
    for cluster in of_type(args.resources, t.MSK_CLUSTER):
        configurations = referred(args.resources, cluster, "configurationInfo", t.MSK_CONFIGURATION)
        if not configurations:
            yield (
                cluster.urn,
                "configurationInfo.arn names no msk.Configuration of this stack (broker defaults: RF 1)",
            )
            continue
        for configuration in configurations:
            for problem in problems(server_properties(configuration), is_prod(cluster.props)):
                yield cluster.urn, f"{configuration.name}: serverProperties {problem}"


RULE = StackRule(
    meta=RuleMetadata(
        id="CG-MSK-006",
        title="MSK replication settings survive a broker loss",
        description="Each MSK cluster uses a campus msk.Configuration whose serverProperties keep "
        "min.insync.replicas below the replication factor, never elect unclean leaders, and in prod "
        "replicate 3 ways with min.insync.replicas 2.",
        severity="high",
        enforcement="mandatory",
        remediation="Attach an msk.Configuration with default.replication.factor=3, min.insync.replicas=2, "
        "unclean.leader.election.enable=false (prod), via configuration_info on the cluster.",
        controls=nist("cp-10", "si-13", "sc-5"),
        properties=(
            "configurationInfo.arn",
            "serverProperties: default.replication.factor, min.insync.replicas, unclean.leader.election.enable",
        ),
    ),
    subject_types=frozenset({t.MSK_CLUSTER}),
    check=check,
)

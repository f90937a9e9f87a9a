"""CG-RDS-007: prod clusters run instances in at least two availability zones."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import StackValidationArgs

from .. import aws_types as t
from ..props import only_prod
from ..relations import of_type, referring
from ..rule import RuleMetadata, StackRule, fsbp, nist

MINIMUM_INSTANCES = 2


def check(args: StackValidationArgs) -> Iterator[tuple[str, str]]:
    for cluster in of_type(args.resources, t.RDS_CLUSTER):
        if only_prod(cluster.props) is not None:
            continue
        instances = referring(args.resources, t.RDS_CLUSTER_INSTANCE, "clusterIdentifier", cluster)
        pinned = [str(i.props.get("availabilityZone")) for i in instances if i.props.get("availabilityZone")]
        if len(instances) < MINIMUM_INSTANCES:
            yield (
                cluster.urn,
                f"{len(instances)} ClusterInstance(s) refer to this cluster, prod needs a writer and "
                "a reader in another availability zone",
            )
        elif len(pinned) == len(instances) and len(set(pinned)) == 1:
            yield cluster.urn, f"every ClusterInstance pins availabilityZone {pinned[0]!r}"


RULE = StackRule(
    meta=RuleMetadata(
        id="CG-RDS-007",
        title="Prod RDS clusters are Multi-AZ",
        description="A prod Aurora cluster has at least two instances, so a reader in another AZ can take over.",
        severity="high",
        enforcement="mandatory",
        remediation="Give the prod cluster a second rds.ClusterInstance (reader) and leave "
        "availability_zone unset or spread it over zones.",
        controls=nist("cp-10", "si-13") + fsbp("RDS.15"),
        properties=("clusterIdentifier / availabilityZone (of ClusterInstance)", "tags.Environment"),
    ),
    subject_types=frozenset({t.RDS_CLUSTER}),
    check=check,
    applies=only_prod,
)

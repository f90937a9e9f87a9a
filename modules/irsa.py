"""One IAM role per application service, assumable only by that service's Kubernetes service account."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from campus.catalog.contracts import APPS_NAMESPACE, Contract
from modules.cluster import Cluster
from modules.grants import PlatformArns, grants_for
from modules.policy_documents import document, to_json


@dataclass(frozen=True)
class ServiceRolesArgs:
    name_prefix: str
    contracts: dict[str, Contract]
    cluster: Cluster
    arns: PlatformArns
    bedrock_policies: dict[str, aws.iam.Policy]
    tags: dict[str, str]


class ServiceRoles(pulumi.ComponentResource):
    roles: dict[str, aws.iam.Role]

    def __init__(self, name: str, args: ServiceRolesArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("campus:irsa:ServiceRoles", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.roles = {}
        for service, contract in sorted(args.contracts.items()):
            role = aws.iam.Role(
                f"{name}-{service}", name=f"{args.name_prefix}-{service}",
                description=f"IRSA role of {service}: exactly what apps/{service}/contract.yaml declares",
                assume_role_policy=args.cluster.irsa_trust(APPS_NAMESPACE, contract.service_account),
                max_session_duration=3600,
                tags={**args.tags, "Name": f"{args.name_prefix}-{service}", "Service": service}, opts=child)
            statements = grants_for(contract, args.arns)
            if statements:
                aws.iam.RolePolicy(f"{name}-{service}", role=role.id, name="contract",
                                   policy=to_json(document(*statements)), opts=child)
            if service in args.bedrock_policies:
                aws.iam.RolePolicyAttachment(f"{name}-{service}-bedrock", role=role.name,
                                             policy_arn=args.bedrock_policies[service].arn, opts=child)
            self.roles[service] = role
        self.register_outputs({s: r.arn for s, r in self.roles.items()})

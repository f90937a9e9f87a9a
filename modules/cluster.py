"""EKS from pulumi_aws primitives: private endpoint, all control-plane logs, KMS secrets, API access entries,
managed node groups (tainted system + application) on launch templates with IMDSv2 and encrypted gp3, OIDC for IRSA,
and pinned add-ons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from campus.config.tiers import ClusterConfig, NodeGroupConfig
from modules.policy_documents import document, statement, to_json

CONTROL_PLANE_LOGS = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
MANAGED = "arn:aws:iam::aws:policy/"
_ADDON_ROLES = {"vpc-cni": ("kube-system", "aws-node", "AmazonEKS_CNI_Policy"),
                "aws-ebs-csi-driver": ("kube-system", "ebs-csi-controller-sa", "service-role/AmazonEBSCSIDriverPolicy")}


@dataclass(frozen=True)
class ClusterArgs:
    name_prefix: str
    config: ClusterConfig
    private_subnet_ids: Sequence[pulumi.Input[str]]
    cluster_key_arn: pulumi.Input[str]
    logs_key_arn: pulumi.Input[str]
    log_retention_days: int
    tags: dict[str, str]


class Cluster(pulumi.ComponentResource):
    cluster: aws.eks.Cluster
    oidc_provider: aws.iam.OpenIdConnectProvider
    node_security_group_id: pulumi.Output[str]

    def __init__(self, name: str, args: ClusterArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("campus:cluster:Cluster", name, None, opts)
        self._name, self._args = name, args
        cfg = args.config
        child = pulumi.ResourceOptions(parent=self)
        self.cluster_name = args.name_prefix

        cluster_role = self._service_role(f"{name}-control-plane", "eks.amazonaws.com", ["AmazonEKSClusterPolicy"])
        log_group = aws.cloudwatch.LogGroup(
            f"{name}-control-plane-logs", name=f"/aws/eks/{self.cluster_name}/cluster",
            retention_in_days=args.log_retention_days, kms_key_id=args.logs_key_arn,
            tags=self._tags(f"{self.cluster_name}-logs"), opts=child)
        self.cluster = aws.eks.Cluster(
            f"{name}-eks",
            name=self.cluster_name,
            version=cfg.version,
            role_arn=cluster_role.arn,
            vpc_config=aws.eks.ClusterVpcConfigArgs(
                subnet_ids=args.private_subnet_ids,
                endpoint_private_access=True,
                endpoint_public_access=cfg.endpoint_public_access,
                public_access_cidrs=cfg.public_access_cidrs if cfg.endpoint_public_access else None,
            ),
            enabled_cluster_log_types=CONTROL_PLANE_LOGS,
            encryption_config=aws.eks.ClusterEncryptionConfigArgs(
                provider=aws.eks.ClusterEncryptionConfigProviderArgs(key_arn=args.cluster_key_arn),
                resources=["secrets"]),
            access_config=aws.eks.ClusterAccessConfigArgs(
                authentication_mode="API", bootstrap_cluster_creator_admin_permissions=False),
            upgrade_policy=aws.eks.ClusterUpgradePolicyArgs(support_type="STANDARD"),
            tags=self._tags(self.cluster_name),
            opts=pulumi.ResourceOptions(parent=self, depends_on=[log_group]))
        self.node_security_group_id = self.cluster.vpc_config.cluster_security_group_id

        for index, role_arn in enumerate(cfg.admin_role_arns):
            entry = aws.eks.AccessEntry(f"{name}-admin-{index}", cluster_name=self.cluster.name,
                                        principal_arn=role_arn, type="STANDARD", tags=self._tags(f"admin-{index}"),
                                        opts=child)
            aws.eks.AccessPolicyAssociation(
                f"{name}-admin-{index}", cluster_name=self.cluster.name, principal_arn=entry.principal_arn,
                policy_arn="arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                access_scope=aws.eks.AccessPolicyAssociationAccessScopeArgs(type="cluster"), opts=child)

        issuer = self.cluster.identities[0].oidcs[0].issuer
        self.oidc_provider = aws.iam.OpenIdConnectProvider(
            f"{name}-oidc", url=issuer, client_id_lists=["sts.amazonaws.com"],
            tags=self._tags(f"{self.cluster_name}-oidc"), opts=child)
        self.oidc_issuer = issuer.apply(lambda url: url.removeprefix("https://"))

        node_role = self._service_role(f"{name}-nodes", "ec2.amazonaws.com",
                                       ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"])
        self.node_groups = [
            self._node_group("system", cfg.system_nodes, node_role, system=True),
            self._node_group("apps", cfg.app_nodes, node_role, system=False),
        ]
        self._addons()
        self.register_outputs({"clusterName": self.cluster.name, "endpoint": self.cluster.endpoint,
                               "oidcProviderArn": self.oidc_provider.arn})

    def _tags(self, name: str) -> dict[str, str]:
        return {**self._args.tags, "Name": name}

    def _service_role(self, name: str, service: str, managed: list[str]) -> aws.iam.Role:
        child = pulumi.ResourceOptions(parent=self)
        role = aws.iam.Role(
            name, name=f"{self._args.name_prefix}-{name.removeprefix(self._name + '-')}",
            assume_role_policy=to_json(document(statement("Allow", ["sts:AssumeRole"],
                                                          principal={"Service": service}))),
            tags=self._tags(name), opts=child)
        for policy in managed:
            aws.iam.RolePolicyAttachment(f"{name}-{policy.rsplit('/', 1)[-1]}", role=role.name,
                                         policy_arn=f"{MANAGED}{policy}", opts=child)
        return role

    def _node_group(self, group: str, cfg: NodeGroupConfig, role: aws.iam.Role, *, system: bool) -> aws.eks.NodeGroup:
        args, child = self._args, pulumi.ResourceOptions(parent=self)
        template = aws.ec2.LaunchTemplate(
            f"{self._name}-{group}-nodes",
            name_prefix=f"{self.cluster_name}-{group}-",
            description=f"{group} nodes: IMDSv2 only, encrypted gp3 root volume",
            metadata_options=aws.ec2.LaunchTemplateMetadataOptionsArgs(
                http_endpoint="enabled", http_tokens="required", http_put_response_hop_limit=1,
                instance_metadata_tags="disabled"),
            block_device_mappings=[aws.ec2.LaunchTemplateBlockDeviceMappingArgs(
                device_name="/dev/xvda",
                ebs=aws.ec2.LaunchTemplateBlockDeviceMappingEbsArgs(
                    volume_size=cfg.disk_gb, volume_type="gp3", encrypted="true", kms_key_id=args.cluster_key_arn,
                    delete_on_termination="true"))],
            tag_specifications=[aws.ec2.LaunchTemplateTagSpecificationArgs(
                resource_type=kind, tags=self._tags(f"{self.cluster_name}-{group}"))
                for kind in ("instance", "volume")],
            tags=self._tags(f"{self.cluster_name}-{group}"), opts=child)
        return aws.eks.NodeGroup(
            f"{self._name}-{group}",
            cluster_name=self.cluster.name,
            node_group_name=f"{group}",
            node_role_arn=role.arn,
            subnet_ids=args.private_subnet_ids,
            ami_type="AL2023_ARM_64_STANDARD" if cfg.graviton else "AL2023_x86_64_STANDARD",
            capacity_type="ON_DEMAND",
            instance_types=cfg.instance_types,
            scaling_config=aws.eks.NodeGroupScalingConfigArgs(
                min_size=cfg.min_size, desired_size=cfg.desired_size, max_size=cfg.max_size),
            update_config=aws.eks.NodeGroupUpdateConfigArgs(max_unavailable=1),
            launch_template=aws.eks.NodeGroupLaunchTemplateArgs(id=template.id,
                                                                version=template.latest_version.apply(str)),
            labels={"campus.io/node-role": group},
            taints=[aws.eks.NodeGroupTaintArgs(key="CriticalAddonsOnly", value="true", effect="NO_SCHEDULE")]
            if system else None,
            tags=self._tags(f"{self.cluster_name}-{group}"),
            opts=pulumi.ResourceOptions(parent=self, ignore_changes=["scalingConfig.desiredSize"]))

    def irsa_trust(self, namespace: str, service_account: str) -> pulumi.Output[str]:
        """A trust policy that lets exactly one Kubernetes service account assume the role."""
        def trust(issuer: str, provider_arn: str) -> dict[str, object]:
            return document(statement(
                "Allow", ["sts:AssumeRoleWithWebIdentity"], principal={"Federated": provider_arn},
                condition={"StringEquals": {f"{issuer}:sub": f"system:serviceaccount:{namespace}:{service_account}",
                                            f"{issuer}:aud": "sts.amazonaws.com"}}))

        return to_json(pulumi.Output.all(self.oidc_issuer, self.oidc_provider.arn).apply(lambda v: trust(*v)))

    def _addons(self) -> None:
        child = pulumi.ResourceOptions(parent=self, depends_on=self.node_groups)
        for addon, version in sorted(self._args.config.addons.items()):
            role_arn = None
            if addon in _ADDON_ROLES:
                namespace, account, policy = _ADDON_ROLES[addon]
                role = aws.iam.Role(
                    f"{self._name}-{addon}-irsa", name=f"{self.cluster_name}-{addon}",
                    assume_role_policy=self.irsa_trust(namespace, account),
                    tags=self._tags(f"{self.cluster_name}-{addon}"), opts=pulumi.ResourceOptions(parent=self))
                aws.iam.RolePolicyAttachment(f"{self._name}-{addon}-irsa", role=role.name,
                                             policy_arn=f"{MANAGED}{policy}", opts=pulumi.ResourceOptions(parent=self))
                role_arn = role.arn
            aws.eks.Addon(
                f"{self._name}-{addon}", cluster_name=self.cluster.name, addon_name=addon, addon_version=version,
                resolve_conflicts_on_create="OVERWRITE", resolve_conflicts_on_update="OVERWRITE",
                service_account_role_arn=role_arn, tags=self._tags(f"{self.cluster_name}-{addon}"),
                opts=child if addon != "vpc-cni" else pulumi.ResourceOptions(parent=self))

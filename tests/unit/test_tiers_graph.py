"""EKS, MSK, Aurora, Bedrock and ECR as the offline engine sees them, in prod and dev."""

from __future__ import annotations

import json

import pytest

from campus.engine.graph import Graph, ResourceNode


def one(graph: Graph, token: str) -> ResourceNode:
    (node,) = graph.of_type(token)
    return node


def test_eks_endpoint_is_private_in_prod_and_listed_only_in_dev(graphs: dict[str, Graph]) -> None:
    prod = one(graphs["prod"], "aws:eks/cluster:Cluster").inputs["vpcConfig"]
    assert prod["endpointPrivateAccess"] is True and prod["endpointPublicAccess"] is False
    assert "publicAccessCidrs" not in prod
    dev = one(graphs["dev"], "aws:eks/cluster:Cluster").inputs["vpcConfig"]
    assert dev["endpointPublicAccess"] is True and dev["publicAccessCidrs"] == ["198.51.100.0/24"]


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_eks_logs_secrets_encryption_and_api_auth(graphs: dict[str, Graph], stack: str) -> None:
    cluster = one(graphs[stack], "aws:eks/cluster:Cluster").inputs
    assert set(cluster["enabledClusterLogTypes"]) == {"api", "audit", "authenticator", "controllerManager",
                                                       "scheduler"}
    assert cluster["encryptionConfig"]["resources"] == ["secrets"]
    assert cluster["encryptionConfig"]["provider"]["keyArn"].startswith("arn:aws:kms:")
    assert cluster["accessConfig"] == {"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": False}


def test_node_groups_span_every_private_subnet_on_imdsv2_encrypted_gp3(graphs: dict[str, Graph]) -> None:
    prod = graphs["prod"]
    private = {s.outputs["id"] for s in prod.of_type("aws:ec2/subnet:Subnet") if s.inputs["tags"]["Tier"] == "private"}
    templates = {t.outputs["id"]: t.inputs for t in prod.of_type("aws:ec2/launchTemplate:LaunchTemplate")}
    groups = prod.of_type("aws:eks/nodeGroup:NodeGroup")
    assert {g.inputs["nodeGroupName"] for g in groups} == {"system", "apps"}
    for group in groups:
        assert set(group.inputs["subnetIds"]) == private
        template = templates[group.inputs["launchTemplate"]["id"]]
        assert template["metadataOptions"]["httpTokens"] == "required"
        ebs = template["blockDeviceMappings"][0]["ebs"]
        assert ebs["volumeType"] == "gp3" and ebs["encrypted"] == "true"
        assert group.inputs["amiType"] == "AL2023_ARM_64_STANDARD"  # Graviton by default
    system = next(g for g in groups if g.inputs["nodeGroupName"] == "system")
    assert system.inputs["taints"] == [{"key": "CriticalAddonsOnly", "value": "true", "effect": "NO_SCHEDULE"}]


def test_eks_addons_are_pinned_and_oidc_exists(graphs: dict[str, Graph]) -> None:
    prod = graphs["prod"]
    addons = {a.inputs["addonName"]: a.inputs["addonVersion"] for a in prod.of_type("aws:eks/addon:Addon")}
    assert set(addons) == {"vpc-cni", "coredns", "kube-proxy", "aws-ebs-csi-driver", "eks-pod-identity-agent"}
    assert all("eksbuild" in version for version in addons.values())
    oidc = one(prod, "aws:iam/openIdConnectProvider:OpenIdConnectProvider")
    assert oidc.inputs["clientIdLists"] == ["sts.amazonaws.com"]


def test_msk_is_tls_only_kms_iam_and_logged(graphs: dict[str, Graph]) -> None:
    for stack, brokers, replication in (("prod", 3, "3"), ("dev", 2, "2")):
        graph = graphs[stack]
        msk = one(graph, "aws:msk/cluster:Cluster")
        assert msk.inputs["numberOfBrokerNodes"] == brokers
        transit = msk.inputs["encryptionInfo"]["encryptionInTransit"]
        assert transit == {"clientBroker": "TLS", "inCluster": True}
        assert msk.inputs["encryptionInfo"]["encryptionAtRestKmsKeyArn"].startswith("arn:aws:kms:")
        assert msk.inputs["clientAuthentication"] == {"sasl": {"iam": True}, "unauthenticated": False}
        assert msk.inputs["loggingInfo"]["brokerLogs"]["cloudwatchLogs"]["enabled"] is True
        properties = one(graph, "aws:msk/configuration:Configuration").inputs["serverProperties"]
        assert "auto.create.topics.enable=false" in properties
        assert f"default.replication.factor={replication}" in properties
        target = one(graph, "aws:appautoscaling/target:Target").inputs
        assert target["scalableDimension"] == "kafka:broker-storage:VolumeSize"
    assert "min.insync.replicas=2" in one(graphs["prod"], "aws:msk/configuration:Configuration").inputs[
        "serverProperties"]


def test_msk_and_aurora_are_reachable_only_from_the_cluster_nodes(graphs: dict[str, Graph]) -> None:
    prod = graphs["prod"]
    node_sg = one(prod, "aws:eks/cluster:Cluster").outputs["vpcConfig"]["clusterSecurityGroupId"]
    rules = [r for r in prod.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
             if r.name in ("kafka-brokers-from-nodes", "database-from-nodes")]
    assert len(rules) == 2
    for rule in rules:
        assert rule.inputs["referencedSecurityGroupId"] == node_sg and "cidrIpv4" not in rule.inputs


def test_aurora_prod_is_encrypted_backed_up_protected_and_spread(graphs: dict[str, Graph]) -> None:
    prod = graphs["prod"]
    cluster = one(prod, "aws:rds/cluster:Cluster")
    inputs = cluster.inputs
    assert inputs["storageEncrypted"] is True and inputs["kmsKeyId"].startswith("arn:aws:kms:")
    assert inputs["manageMasterUserPassword"] is True and "masterPassword" not in inputs
    assert inputs["iamDatabaseAuthenticationEnabled"] is True
    assert inputs["backupRetentionPeriod"] == 35
    assert inputs["deletionProtection"] is True and inputs["skipFinalSnapshot"] is False
    assert inputs["finalSnapshotIdentifier"] == "campus-prod-aurora-final"
    assert inputs["serverlessv2ScalingConfiguration"] == {"minCapacity": 1, "maxCapacity": 32}
    assert inputs["enabledCloudwatchLogsExports"] == ["postgresql"]
    assert cluster.protect is True
    instances = prod.of_type("aws:rds/clusterInstance:ClusterInstance")
    assert len({i.inputs["availabilityZone"] for i in instances}) == 2
    assert all(i.inputs["performanceInsightsEnabled"] and not i.inputs["publiclyAccessible"] for i in instances)
    isolated = {s.outputs["id"] for s in prod.of_type("aws:ec2/subnet:Subnet")
                if s.inputs["tags"]["Tier"] == "isolated"}
    assert set(one(prod, "aws:rds/subnetGroup:SubnetGroup").inputs["subnetIds"]) == isolated


def test_aurora_dev_keeps_seven_days_and_may_be_deleted(graphs: dict[str, Graph]) -> None:
    inputs = one(graphs["dev"], "aws:rds/cluster:Cluster").inputs
    assert inputs["backupRetentionPeriod"] == 7
    assert inputs["deletionProtection"] is False and inputs["skipFinalSnapshot"] is True


def test_bedrock_policies_name_only_the_configured_models(graphs: dict[str, Graph]) -> None:
    prod = graphs["prod"]
    policies = {p.inputs["name"]: json.loads(p.inputs["policy"]) for p in prod.of_type("aws:iam/policy:Policy")}
    assert set(policies) == {f"campus-prod-bedrock-{s}" for s in ("chatbot-rag", "document-indexer", "feedback",
                                                                  "quiz")}
    feedback = policies["campus-prod-bedrock-feedback"]["Statement"]
    assert feedback == [{"Sid": "InvokeListedModels", "Effect": "Allow",
                         "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                         "Resource": ["arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0"]}]
    logging = one(prod, "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration")
    group_name = logging.inputs["loggingConfig"]["cloudwatchConfig"]["logGroupName"]
    group = next(g for g in prod.of_type("aws:cloudwatch/logGroup:LogGroup") if g.inputs["name"] == group_name)
    assert group.inputs["kmsKeyId"].startswith("arn:aws:kms:")


def test_ecr_repositories_are_immutable_scanned_and_encrypted(graphs: dict[str, Graph]) -> None:
    repos = graphs["prod"].of_type("aws:ecr/repository:Repository")
    assert len(repos) == 13  # twelve services and the topic Job's kafka-admin image
    for repo in repos:
        assert repo.inputs["name"].startswith("campus/")
        assert repo.inputs["imageTagMutability"] == "IMMUTABLE"
        assert repo.inputs["imageScanningConfiguration"] == {"scanOnPush": True}
        assert repo.inputs["encryptionConfigurations"][0]["encryptionType"] == "KMS"
    assert len(graphs["prod"].of_type("aws:ecr/lifecyclePolicy:LifecyclePolicy")) == 13


def test_dev_and_staging_differ_from_prod_only_as_their_config_says(graphs: dict[str, Graph]) -> None:
    def shape(graph: Graph) -> set[str]:
        return {r.type for r in graph.resources}

    assert shape(graphs["dev"]) == shape(graphs["staging"]) == shape(graphs["prod"])
    nat = "aws:ec2/natGateway:NatGateway"
    assert [len(graphs[s].of_type(nat)) for s in ("dev", "staging", "prod")] == [1, 1, 3]


def test_learner_lab_host_forbids_nothing_learner_lab_forbids(graphs: dict[str, Graph]) -> None:
    lab = graphs["learner-lab"]
    forbidden = ("aws:iam/", "aws:msk/", "aws:bedrock", "aws:eks/", "aws:rds/", "aws:ec2/natGateway")
    assert not [r.type for r in lab.resources if r.type.startswith(forbidden)]
    host = one(lab, "aws:ec2/instance:Instance").inputs
    assert host["instanceType"] == "t3.medium" and host["iamInstanceProfile"] == "LabInstanceProfile"
    assert host["keyName"] == "vockey" and host["metadataOptions"]["httpTokens"] == "required"
    assert host["rootBlockDevice"]["encrypted"] is True and host["rootBlockDevice"]["volumeSize"] <= 100
    assert host["tags"]["Role"] == "lab-host"
    ssh = next(r for r in lab.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
               if r.inputs["fromPort"] == 22)
    assert ssh.inputs["cidrIpv4"] == "198.51.100.10/32"
    assert not lab.of_type("aws:ec2/eip:Eip")


def test_platform_workloads_get_their_own_irsa_role_and_service_account(graphs: dict[str, Graph]) -> None:
    prod = graphs["prod"]
    accounts = {(s.inputs["metadata"]["namespace"], s.inputs["metadata"]["name"]): s
                for s in prod.of_type("kubernetes:core/v1:ServiceAccount")}
    for workload, (namespace, account) in {
        "aws-load-balancer-controller": ("kube-system", "aws-load-balancer-controller"),
        "cluster-autoscaler": ("kube-system", "cluster-autoscaler"),
        "external-secrets": ("external-secrets", "external-secrets"),
        "otel-collector": ("observability", "otel-collector"),
        "kafka-topics": ("campus", "kafka-topics"),
    }.items():
        role = next(r for r in prod.of_type("aws:iam/role:Role") if r.name == f"platform-{workload}")
        assert accounts[(namespace, account)].inputs["metadata"]["annotations"][
            "eks.amazonaws.com/role-arn"] == role.outputs["arn"]
    secrets = next(p for p in prod.of_type("aws:iam/rolePolicy:RolePolicy") if p.name == "platform-external-secrets")
    statements = json.loads(secrets.inputs["policy"])["Statement"]
    read = next(s for s in statements if s["Sid"] == "ReadDatabaseSecret")
    assert read["Resource"] == one(prod, "aws:rds/cluster:Cluster").outputs["masterUserSecrets"][0]["secretArn"]
    topics = next(c for c in prod.of_type("kubernetes:core/v1:ConfigMap")
                  if c.inputs["metadata"]["name"] == "kafka-topics-infra")
    assert topics.inputs["data"]["KAFKA_BOOTSTRAP_SERVERS"].endswith(":9098")

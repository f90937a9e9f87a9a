"""Environment-appropriate defaults. A stack file states only what differs, plus what must be explicit.

dev is small with a single NAT gateway and nothing protected; prod spans 3 AZs with a NAT gateway per AZ, long
retention and every stateful resource protected. `protectStateful` has no default: each stack file says whether the
environment may be torn down.
"""

from __future__ import annotations

from typing import Any

_BUCKETS: dict[str, dict[str, Any]] = {
    "vector-store": {"purpose": "LanceDB vector store for the RAG tutor", "dataClassification": "internal"},
    "documents": {"purpose": "Course documents and shell scripts to index", "dataClassification": "confidential",
                  "transitionToIaDays": 90},
    "audio": {"purpose": "TTS output and STT uploads", "dataClassification": "confidential",
              "transitionToIaDays": 30, "expireDays": 365},
    "quiz-assets": {"purpose": "Generated quiz assets", "dataClassification": "internal"},
    "access-logs": {"purpose": "S3 server access logs of the other buckets", "dataClassification": "internal",
                    "transitionToIaDays": 30},
}

_TABLES: dict[str, dict[str, Any]] = {
    "chat-sessions": {"hashKey": "sessionId", "rangeKey": "createdAt", "ttlAttribute": "expiresAt",
                      "dataClassification": "confidential"},
    "users": {"hashKey": "userId", "dataClassification": "restricted"},
    "notifications": {"hashKey": "userId", "rangeKey": "createdAt", "ttlAttribute": "expiresAt",
                      "dataClassification": "confidential"},
    "collaboration": {"hashKey": "roomId", "rangeKey": "sessionId", "stream": True,
                      "dataClassification": "confidential"},
    "leaderboards": {"hashKey": "boardId", "rangeKey": "userId", "dataClassification": "internal"},
}

_DOMAINS = ["storage", "database", "streaming", "logs", "cluster"]

# Pinned EKS add-on versions for Kubernetes 1.33; bump them together with `cluster.version`.
_EKS_ADDONS = {
    "vpc-cni": "v1.20.4-eksbuild.1",
    "coredns": "v1.12.4-eksbuild.1",
    "kube-proxy": "v1.33.5-eksbuild.2",
    "aws-ebs-csi-driver": "v1.51.1-eksbuild.1",
    "eks-pod-identity-agent": "v1.3.9-eksbuild.3",
}

# The RosettaCloud seed's models: Nova Lite for chat and feedback, Titan Text Embeddings v2 for RAG.
PLATFORM_MODELS = {"nova-lite": "amazon.nova-lite-v1:0", "titan-embed-text-v2": "amazon.titan-embed-text-v2:0"}

_COMMON: dict[str, Any] = {
    "owner": "platform-team",
    "costCenter": "learning-platform",
    "dataClassification": "confidential",
    "encryption": {"domains": _DOMAINS, "deletionWindowDays": 30},
    "storage": {"buckets": _BUCKETS},
    "tables": {"tables": _TABLES},
    "bedrock": {
        "enabled": True,
        "models": PLATFORM_MODELS,
    },
    "registry": {"untaggedExpireDays": 14, "keepTaggedImages": 30},
    "gitops": {"repoUrl": "https://github.com/campus-platform/campus.git", "revision": "main",
               "argocdChartVersion": "9.1.4"},
}

_CLOUD: dict[str, Any] = {
    "cluster": {"version": "1.33", "endpointPublicAccess": False, "addons": _EKS_ADDONS},
    "kafka": {"version": "3.8.x", "enhancedMonitoring": "PER_BROKER"},
    "database": {"engineVersion": "16.6", "databaseName": "campus", "performanceInsightsRetentionDays": 7},
}

_BY_ENVIRONMENT: dict[str, dict[str, Any]] = {
    "dev": {
        "cluster": {
            "systemNodes": {"instanceTypes": ["t4g.medium"], "minSize": 1, "desiredSize": 1, "maxSize": 2,
                            "diskGb": 30},
            "appNodes": {"instanceTypes": ["t4g.large"], "minSize": 1, "desiredSize": 2, "maxSize": 3, "diskGb": 50},
        },
        "kafka": {"brokers": 2, "instanceType": "kafka.t3.small", "volumeGb": 20, "maxVolumeGb": 100,
                  "enhancedMonitoring": "DEFAULT"},
        "database": {"minAcu": 0.5, "maxAcu": 2, "instances": 1, "backupRetentionDays": 7, "deletionProtection": False},
        "logRetentionDays": 30,
        "network": {"natGateways": "single", "flowLogRetentionDays": 30, "interfaceEndpoints": []},
        "encryption": {"deletionWindowDays": 7},
        "storage": {"forceDestroy": True, "buckets": {k: {"noncurrentVersionExpireDays": 7} for k in _BUCKETS}},
        "tables": {"deletionProtection": False},
    },
    "staging": {
        "cluster": {
            "systemNodes": {"instanceTypes": ["t4g.large"], "minSize": 2, "desiredSize": 2, "maxSize": 3, "diskGb": 30},
            "appNodes": {"instanceTypes": ["m7g.large"], "minSize": 2, "desiredSize": 3, "maxSize": 5, "diskGb": 50},
        },
        "kafka": {"brokers": 3, "instanceType": "kafka.t3.small", "volumeGb": 50, "maxVolumeGb": 200},
        "database": {"minAcu": 0.5, "maxAcu": 8, "instances": 2, "backupRetentionDays": 7, "deletionProtection": False},
        "logRetentionDays": 90,
        "network": {"natGateways": "single", "flowLogRetentionDays": 90,
                    "interfaceEndpoints": ["ecr.api", "ecr.dkr", "sts"]},
        "storage": {"forceDestroy": False, "buckets": {k: {"noncurrentVersionExpireDays": 30} for k in _BUCKETS}},
        "tables": {"deletionProtection": True},
    },
    "prod": {
        "cluster": {
            "systemNodes": {"instanceTypes": ["m7g.large"], "minSize": 2, "desiredSize": 3, "maxSize": 4, "diskGb": 50},
            "appNodes": {"instanceTypes": ["m7g.large", "m6g.large"], "minSize": 3, "desiredSize": 4, "maxSize": 12,
                         "diskGb": 80},
        },
        "kafka": {"brokers": 3, "instanceType": "kafka.m7g.large", "volumeGb": 200, "maxVolumeGb": 2000,
                  "enhancedMonitoring": "PER_TOPIC_PER_BROKER"},
        "database": {"minAcu": 1, "maxAcu": 32, "instances": 2, "backupRetentionDays": 35, "deletionProtection": True},
        "logRetentionDays": 365,
        "network": {"natGateways": "perAz", "flowLogRetentionDays": 365,
                    "interfaceEndpoints": ["ecr.api", "ecr.dkr", "sts", "logs", "secretsmanager", "kms"]},
        "storage": {"forceDestroy": False, "buckets": {k: {"noncurrentVersionExpireDays": 90} for k in _BUCKETS}},
        "tables": {"deletionProtection": True},
    },
    "learner-lab": {
        "bedrock": {"enabled": False, "models": {}},
        "learnerLab": {"instanceType": "t3.medium", "volumeGb": 40, "keyName": "vockey", "coursePorts": [80, 443],
                       "elasticIp": False, "instanceProfileName": "LabInstanceProfile",
                       "amiOwner": "136693071363", "amiNamePattern": "debian-12-amd64-*", "sshUser": "admin"},
        "logRetentionDays": 7,
        "encryption": {"deletionWindowDays": 7},
        "storage": {"forceDestroy": True, "buckets": {k: {"noncurrentVersionExpireDays": 3} for k in _BUCKETS}},
        "tables": {"deletionProtection": False},
    },
}


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def environment_defaults(environment: str) -> dict[str, Any]:
    base = _COMMON if environment == "learner-lab" else deep_merge(_COMMON, _CLOUD)
    return deep_merge(base, _BY_ENVIRONMENT.get(environment, {}))

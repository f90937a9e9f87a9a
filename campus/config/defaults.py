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

_COMMON: dict[str, Any] = {
    "owner": "platform-team",
    "costCenter": "learning-platform",
    "dataClassification": "confidential",
    "encryption": {"domains": _DOMAINS, "deletionWindowDays": 30},
    "storage": {"buckets": _BUCKETS},
    "tables": {"tables": _TABLES},
}

_BY_ENVIRONMENT: dict[str, dict[str, Any]] = {
    "dev": {
        "logRetentionDays": 30,
        "network": {"natGateways": "single", "flowLogRetentionDays": 30, "interfaceEndpoints": []},
        "encryption": {"deletionWindowDays": 7},
        "storage": {"forceDestroy": True, "buckets": {k: {"noncurrentVersionExpireDays": 7} for k in _BUCKETS}},
        "tables": {"deletionProtection": False},
    },
    "staging": {
        "logRetentionDays": 90,
        "network": {"natGateways": "single", "flowLogRetentionDays": 90,
                    "interfaceEndpoints": ["ecr.api", "ecr.dkr", "sts"]},
        "storage": {"forceDestroy": False, "buckets": {k: {"noncurrentVersionExpireDays": 30} for k in _BUCKETS}},
        "tables": {"deletionProtection": True},
    },
    "prod": {
        "logRetentionDays": 365,
        "network": {"natGateways": "perAz", "flowLogRetentionDays": 365,
                    "interfaceEndpoints": ["ecr.api", "ecr.dkr", "sts", "logs", "secretsmanager", "kms"]},
        "storage": {"forceDestroy": False, "buckets": {k: {"noncurrentVersionExpireDays": 90} for k in _BUCKETS}},
        "tables": {"deletionProtection": True},
    },
    "learner-lab": {
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
    return deep_merge(_COMMON, _BY_ENVIRONMENT.get(environment, {}))

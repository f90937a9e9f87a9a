"""A realistic gate run: three engines' rules, dev and prod stacks, an active and an expired waiver."""

from __future__ import annotations

from datetime import UTC, date, datetime

from campus.controls import shipped_catalog
from campus.findings import ControlRef, Finding, RuleMeta, Status
from campus.reports.model import EngineRule, GateRun


def nist(*ids: str) -> list[ControlRef]:
    return [ControlRef(framework="NIST-800-53", version="rev5", id=i) for i in ids]


def fsbp(*ids: str) -> list[ControlRef]:
    return [ControlRef(framework="AWS-FSBP", version="1.0.0", id=i) for i in ids]


def cis_aws(version: str, control: str) -> list[ControlRef]:
    return [ControlRef(framework="CIS-AWS-Foundations", version=version, id=control)]


def cis_k8s(*ids: str) -> list[ControlRef]:
    return [ControlRef(framework="CIS-Kubernetes", version="1.10.0", id=i) for i in ids]


def rule(rule_id: str, title: str, severity: str, enforcement: str, controls: list[ControlRef]) -> RuleMeta:
    return RuleMeta.model_validate(
        {
            "id": rule_id,
            "title": title,
            "description": f"{title}.",
            "severity": severity,
            "enforcement": enforcement,
            "remediation": f"Fix: {title.lower()} (see the module's typed config).",
            "controls": controls,
        }
    )


S3_ENCRYPTION = rule(
    "s3-default-encryption",
    "S3 buckets encrypt objects with KMS",
    "high",
    "mandatory",
    nist("sc-28.1", "sc-13") + cis_aws("1.5.0", "2.1.1"),
)
AURORA_ENCRYPTION = rule(
    "aurora-storage-encrypted",
    "Aurora clusters encrypt storage",
    "high",
    "mandatory",
    nist("sc-28.1") + cis_aws("3.0.0", "2.3.1") + fsbp("RDS.27"),
)
DYNAMODB_PITR = rule(
    "dynamodb-pitr",
    "DynamoDB tables keep point-in-time recovery",
    "medium",
    "mandatory",
    nist("cp-9", "cp-10.2") + fsbp("DynamoDB.2"),
)
EKS_LOGGING = rule(
    "eks-control-plane-logging",
    "EKS sends control-plane logs",
    "medium",
    "mandatory",
    nist("au-2", "au-12") + fsbp("EKS.8"),
)
EKS_PRIVATE = rule(
    "eks-private-endpoint",
    "EKS API endpoint is private",
    "high",
    "mandatory",
    nist("ac-3", "sc-7") + fsbp("EKS.1"),
)
KMS_ROTATION = rule(
    "kms-key-rotation",
    "KMS keys rotate yearly",
    "medium",
    "mandatory",
    nist("sc-12", "sc-12.2") + cis_aws("5.0.0", "3.6"),
)
FLOW_LOGS = rule(
    "vpc-flow-logs",
    "VPCs record flow logs",
    "low",
    "advisory",
    nist("au-2", "au-12", "si-4.17") + cis_aws("5.0.0", "3.7") + fsbp("EC2.6"),
)
ECR_SCAN = rule("ecr-scan-on-push", "ECR repositories scan images on push", "medium", "advisory", nist("ra-5"))
NON_ROOT = rule(
    "k8s-run-as-non-root", "Containers run as non-root", "high", "mandatory", nist("ac-6") + cis_k8s("5.2.7")
)
NO_PRIVILEGED = rule(
    "k8s-no-privileged",
    "Containers are not privileged",
    "critical",
    "mandatory",
    nist("ac-6") + cis_k8s("5.2.2"),
)
DROP_ALL = rule("CKV_K8S_37", "Containers drop ALL capabilities", "medium", "advisory", nist("cm-7") + cis_k8s("5.2.9"))
CHANGED_WHEN = rule("no-changed-when", "Commands declare changed_when", "low", "advisory", nist("cm-6"))

RULES = [
    *(
        EngineRule(engine="crossguard", rule=r)
        for r in (
            S3_ENCRYPTION,
            AURORA_ENCRYPTION,
            DYNAMODB_PITR,
            EKS_LOGGING,
            EKS_PRIVATE,
            KMS_ROTATION,
            FLOW_LOGS,
            ECR_SCAN,
        )
    ),
    EngineRule(engine="admission", rule=NON_ROOT),
    EngineRule(engine="admission", rule=NO_PRIVILEGED),
    EngineRule(engine="checkov", rule=DROP_ALL),
    EngineRule(engine="ansible-lint", rule=CHANGED_WHEN),
]


def catalog_title(ref: ControlRef) -> str | None:
    catalog = shipped_catalog()
    return catalog.title(ref) if catalog.has(ref) else None


XSS = "<script>alert('x')</script> | `tick` **bold**"


def urn(stack: str, typ: str, name: str) -> str:
    return f"urn:pulumi:{stack}::campus::{typ}::{name}"


def crossguard(meta: RuleMeta, stack: str, typ: str, name: str, status: Status, message: str) -> Finding:
    return Finding.from_rule(
        meta, engine="crossguard", status=status, resource=urn(stack, typ, name), message=message, stack=stack
    )


def sample_findings() -> list[Finding]:
    findings: list[Finding] = []
    for stack in ("dev", "prod"):
        for bucket in ("learner-uploads", "course-content", "audit-logs", "lab-artifacts"):
            failing = stack == "dev" and bucket == "lab-artifacts"
            findings.append(
                crossguard(
                    S3_ENCRYPTION,
                    stack,
                    "aws:s3/bucket:Bucket",
                    bucket,
                    "fail" if failing else "pass",
                    "serverSideEncryptionConfiguration is missing"
                    if failing
                    else "SSE-KMS with a customer managed key",
                )
            )
        findings.append(
            crossguard(
                AURORA_ENCRYPTION,
                stack,
                "aws:rds/cluster:Cluster",
                "progress-db",
                "pass",
                "storageEncrypted is true",
            )
        )
        for table in ("sessions", "progress", "enrolments"):
            waived = stack == "dev" and table == "sessions"
            finding = crossguard(
                DYNAMODB_PITR,
                stack,
                "aws:dynamodb/table:Table",
                table,
                "waived" if waived else "pass",
                "pointInTimeRecovery.enabled is false" if waived else "pointInTimeRecovery.enabled is true",
            )
            if waived:
                finding.waiver = {
                    "owner": "platform-team",
                    "expires": "2027-03-31",
                    "reason": "Session data is ephemeral",
                }
            findings.append(finding)
        findings.append(
            crossguard(
                EKS_LOGGING,
                stack,
                "aws:eks/cluster:Cluster",
                "campus",
                "pass",
                "api, audit, authenticator logs enabled",
            )
        )
        findings.append(
            crossguard(
                EKS_PRIVATE,
                stack,
                "aws:eks/cluster:Cluster",
                "campus",
                "fail" if stack == "prod" else "pass",
                "vpcConfig.endpointPublicAccess is true" if stack == "prod" else "public endpoint disabled",
            )
        )
        findings.append(
            crossguard(
                KMS_ROTATION,
                stack,
                "aws:kms/key:Key",
                "data",
                "fail" if stack == "dev" else "pass",
                "enableKeyRotation is false (its waiver expired)" if stack == "dev" else "enableKeyRotation is true",
            )
        )
        findings.append(
            crossguard(
                FLOW_LOGS,
                stack,
                "aws:ec2/vpc:Vpc",
                "campus",
                "fail" if stack == "dev" else "pass",
                "no aws:ec2/flowLog:FlowLog targets this VPC" if stack == "dev" else "flow logs to S3",
            )
        )
    for service, line in (("catalog", 17), ("progress", 21), ("lab-broker", 19)):
        path = f"apps/{service}/base/deployment.yaml"
        privileged = service == "lab-broker"
        findings += [
            Finding.from_rule(
                NON_ROOT,
                engine="admission",
                status="pass",
                resource=f"apps/v1/Deployment/campus/{service}",
                message="securityContext.runAsNonRoot is true",
                file=path,
                line=line,
            ),
            Finding.from_rule(
                NO_PRIVILEGED,
                engine="admission",
                status="fail" if privileged else "pass",
                resource=f"apps/v1/Deployment/campus/{service}",
                message=f"container broker is privileged {XSS}" if privileged else "no privileged container",
                file=path,
                line=line + 4,
            ),
            Finding.from_rule(
                DROP_ALL,
                engine="checkov",
                status="fail" if privileged else "pass",
                resource=f"Deployment.campus.{service}",
                message="capabilities.drop does not include ALL" if privileged else "capabilities.drop is [ALL]",
                file=path,
                line=line + 6,
            ),
        ]
    findings.append(
        Finding.from_rule(
            CHANGED_WHEN,
            engine="ansible-lint",
            status="fail",
            resource="playbooks/roles/kafka/tasks/main.yml",
            message="Commands should not change things if nothing needs doing",
            file="playbooks/roles/kafka/tasks/main.yml",
            line=42,
        )
    )
    return findings


def sample_run(findings: list[Finding] | None = None) -> GateRun:
    return GateRun(
        findings=sample_findings() if findings is None else findings,
        rules=RULES,
        control_title=catalog_title,
        stacks=["dev", "prod"],
        started=datetime(2026, 11, 22, 6, 0, 0, tzinfo=UTC),
        finished=datetime(2026, 11, 22, 6, 0, 42, tzinfo=UTC),
        campus_version="0.1.0",
        git_commit="3f2c1a9e8b7d6c5f4e3d2c1b0a99887766554433",
        waivers=[
            {
                "rule_id": "dynamodb-pitr",
                "match": {"stack": "dev", "resource": "sessions"},
                "reason": "Session data is ephemeral",
                "owner": "platform-team",
                "expires": date(2027, 3, 31),
                "status": "active",
            },
            {
                "rule_id": "kms-key-rotation",
                "match": "urn:pulumi:dev::*",
                "reason": f"Lab keys are short-lived {XSS}",
                "owner": "security@campus",
                "expires": date(2026, 10, 1),
                "status": "expired",
            },
        ],
        inputs=["stacks/Pulumi.dev.yaml", "stacks/Pulumi.prod.yaml", "apps/", "gitops/", "playbooks/"],
    )

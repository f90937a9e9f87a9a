"""Rules of the GitOps consistency engine: rendered manifests against contracts, Pulumi's graph and Argo CD."""

from __future__ import annotations

from campus.findings import ControlRef, RuleMeta


def _nist(*ids: str) -> tuple[ControlRef, ...]:
    return tuple(ControlRef(framework="NIST-800-53", version="rev5", id=i) for i in ids)


def _cis_k8s(*ids: str) -> tuple[ControlRef, ...]:
    return tuple(ControlRef(framework="CIS-Kubernetes", version="1.10.0", id=i) for i in ids)


def _cis_eks(*ids: str) -> tuple[ControlRef, ...]:
    return tuple(ControlRef(framework="CIS-EKS", version="1.5.0", id=i) for i in ids)


OVERLAY_COVERAGE = RuleMeta(
    id="GITOPS-OVL-001",
    title="Every service contract has an overlay per environment, and every overlay a contract",
    description="apps/<service>/overlays/<env> must exist for each contract and environment; an overlay without a "
    "contract deploys a service nothing declared.",
    severity="high", enforcement="mandatory",
    remediation="Add the missing overlay (copy a sibling environment) or remove the orphaned one.",
    controls=_nist("cm-2", "cm-8"),
)
SERVICE_ACCOUNT = RuleMeta(
    id="GITOPS-SA-001",
    title="Workload runs as its own ServiceAccount, bound to its IRSA role",
    description="The Deployment uses the ServiceAccount named after the service. On EKS the Pulumi bootstrap owns that "
    "ServiceAccount (the overlay must not declare it) and annotates it with the IAM role whose trust policy names "
    "system:serviceaccount:campus:<service>; in learner-lab the overlay declares it without an IRSA annotation.",
    severity="high", enforcement="mandatory",
    remediation="Set serviceAccountName to the service name; leave the ServiceAccount to Pulumi on EKS.",
    controls=(*_nist("ac-6", "ia-9"), *_cis_eks("5.2.1"), *_cis_k8s("5.1.5")),
)
TOKEN_MOUNT = RuleMeta(
    id="GITOPS-SA-002",
    title="Service account token mounted only where the contract needs the Kubernetes API",
    description="automountServiceAccountToken must be false unless the contract declares kubernetesApi.",
    severity="high", enforcement="mandatory",
    remediation="Set automountServiceAccountToken: false in the pod spec (and on the learner-lab ServiceAccount).",
    controls=(*_nist("ac-6"), *_cis_k8s("5.1.6")),
)
INFRA_CONFIG = RuleMeta(
    id="GITOPS-CM-001",
    title="Infra ConfigMap keys match the contract and the stack outputs",
    description="The Deployment reads <service>-infra, whose keys are exactly Contract.infra_keys(): written by Pulumi "
    "on EKS (checked in the stack's graph), declared by the learner-lab overlay.",
    severity="high", enforcement="mandatory",
    remediation="Reference the <service>-infra ConfigMap with envFrom and keep its keys equal to the contract's.",
    controls=_nist("cm-2", "cm-6"),
)
DB_SECRET = RuleMeta(
    id="GITOPS-SEC-001",
    title="Database credentials come from the Aurora-managed secret through external-secrets",
    description="Services with a database contract get an ExternalSecret <service>-db from the ClusterSecretStore "
    "aws-secrets-manager on EKS; services without one carry no database credentials.",
    severity="high", enforcement="mandatory",
    remediation="Keep apps/<service>/base/externalsecret.yaml for database services only.",
    controls=(*_nist("ia-5", "sc-28"), *_cis_k8s("5.4.2")),
)
NETWORK_FLOWS = RuleMeta(
    id="GITOPS-NP-001",
    title="NetworkPolicies allow exactly the flows the contract declares",
    description="Ingress from callers (and the ingress controller for public services); egress to callees and, only "
    "when declared, Kafka, the database, AWS APIs over 443 and the Kubernetes API. An undeclared flow and a declared "
    "flow without a policy are both findings.",
    severity="high", enforcement="mandatory",
    remediation="Regenerate the service's networkpolicy.yaml from its contract or fix the contract.",
    controls=(*_nist("sc-7", "ac-4"), *_cis_k8s("5.3.2"), *_cis_eks("4.3.2")),
)
NAMESPACE_BASELINE = RuleMeta(
    id="GITOPS-NP-002",
    title="The campus namespace denies by default and allows only platform flows namespace-wide",
    description="A default-deny policy for ingress and egress; namespace-wide allowances only for DNS, telemetry to "
    "the OpenTelemetry collector and Prometheus scrapes.",
    severity="high", enforcement="mandatory",
    remediation="Keep gitops/platform/namespaces/campus-networkpolicies.yaml to those four policies.",
    controls=(*_nist("sc-7", "sc-7.5"), *_cis_k8s("5.3.2")),
)
IMAGE_PINNED = RuleMeta(
    id="GITOPS-IMG-001",
    title="Images are pinned by digest or an immutable version tag",
    description="No image without a tag, with `latest`, or with a moving tag; kustomize `images:` sets the pin.",
    severity="high", enforcement="mandatory",
    remediation="Set newTag to a released version (or digest: sha256:...) in the overlay's images entry.",
    controls=_nist("cm-2", "si-7"),
)
IMAGE_REPOSITORY = RuleMeta(
    id="GITOPS-IMG-002",
    title="Images come from the environment's campus/<service> repository",
    description="EKS environments pull from the account's ECR repository campus/<service> (the stack's "
    "aws:ecr/repository:Repository), learner-lab from public.ecr.aws/campus/<service>.",
    severity="high", enforcement="mandatory",
    remediation="Point the overlay's images newName at the environment's repository.",
    controls=(*_nist("cm-7.5", "sr-11"), *_cis_eks("5.1.4")),
)
RBAC_SCOPE = RuleMeta(
    id="GITOPS-RBAC-001",
    title="Service RBAC is least privilege",
    description="Only services whose contract needs the Kubernetes API get RBAC; no wildcards, no secrets, no "
    "bind/escalate/impersonate.",
    severity="high", enforcement="mandatory",
    remediation="List explicit resources and verbs; drop secrets and RBAC verbs.",
    controls=(*_nist("ac-6", "ac-6.10"), *_cis_k8s("5.1.2", "5.1.3", "5.1.8")),
)
HELM_PINNED = RuleMeta(
    id="GITOPS-ADDON-001",
    title="Helm add-ons are pinned to an exact chart version",
    description="targetRevision of a chart source is an exact version: no ranges, wildcards, `latest` or HEAD.",
    severity="high", enforcement="mandatory",
    remediation="Set targetRevision to the exact chart version you tested.",
    controls=_nist("cm-2", "cm-3"),
)
HELM_VALUES = RuleMeta(
    id="GITOPS-ADDON-002",
    title="Add-on values files exist and parse",
    description="Every $values file an add-on references is in the repository and is a YAML mapping.",
    severity="high", enforcement="mandatory",
    remediation="Fix the path or the YAML of the values file.",
    controls=_nist("cm-2", "cm-6"),
)
HELM_SECURITY = RuleMeta(
    id="GITOPS-ADDON-003",
    title="Add-on values set resources and a non-root security context",
    description="For each add-on component campus knows, the merged values give requests and limits and "
    "runAsNonRoot: true.",
    severity="medium", enforcement="mandatory",
    remediation="Add resources and securityContext for the component to the add-on's values.yaml.",
    controls=(*_nist("cm-6", "ac-6", "sc-6"), *_cis_k8s("5.2.7", "5.7.3")),
)
HELM_REPLICAS = RuleMeta(
    id="GITOPS-ADDON-004",
    title="Add-ons run at least two replicas in prod where they can",
    description="Stateless or leader-elected add-on components run two or more replicas in prod.",
    severity="medium", enforcement="advisory",
    remediation="Raise the replica count in the add-on's values-prod.yaml.",
    controls=_nist("cp-10", "sc-5"),
)
PROJECT_SCOPE = RuleMeta(
    id="GITOPS-PROJ-001",
    title="Applications stay within their AppProject",
    description="The AppProject exists, lists every source repository and the destination, and lists kinds explicitly "
    "(no `*`); the kinds an Application renders from this repository are whitelisted.",
    severity="high", enforcement="mandatory",
    remediation="Add the repository, destination or kind to the project explicitly, or move the Application.",
    controls=_nist("cm-5", "ac-3", "ac-6"),
)
SYNC_POLICY = RuleMeta(
    id="GITOPS-SYNC-001",
    title="Applications sync automatically with prune and self-heal",
    description="Drift from Git is reverted (selfHeal) and removed objects are deleted (prune).",
    severity="medium", enforcement="mandatory",
    remediation="Set syncPolicy.automated.prune and selfHeal to true.",
    controls=_nist("cm-2", "cm-3", "cm-6"),
)

CONSISTENCY_RULES = (
    OVERLAY_COVERAGE, SERVICE_ACCOUNT, TOKEN_MOUNT, INFRA_CONFIG, DB_SECRET, NETWORK_FLOWS, NAMESPACE_BASELINE,
    IMAGE_PINNED, IMAGE_REPOSITORY, RBAC_SCOPE,
)
ADDON_RULES = (HELM_PINNED, HELM_VALUES, HELM_SECURITY, HELM_REPLICAS, PROJECT_SCOPE, SYNC_POLICY)


def consistency_rules() -> list[RuleMeta]:
    """Every rule of the GitOps engine (engine `consistency`): manifest consistency and add-on checks."""
    return [*CONSISTENCY_RULES, *ADDON_RULES]

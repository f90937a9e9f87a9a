"""Rendered manifests against the contracts and the Pulumi stack graphs (engine `consistency`)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from campus.catalog.contracts import Contract
from campus.engine.graph import Graph
from campus.findings import Finding, RuleMeta, Status
from campus.gitops import rules, stack_graph
from campus.gitops.flows import PLATFORM_FLOWS, Flow, declared_flows, ipblock_cidrs, policy_flows, selected_app
from campus.gitops.kustomize import ALL_ENVIRONMENTS
from campus.gitops.layout import (
    APPS_DIR,
    APPS_NAMESPACE,
    ENVIRONMENTS,
    LAB_ENVIRONMENT,
    image_repository,
    overlay_dir,
)
from campus.gitops.workloads import (
    configmap_refs,
    containers,
    image_pin_problem,
    named,
    of_kind,
    pod_spec,
    secret_refs,
    split_image,
)
from campus.manifests import Manifest

NAMESPACES_AREA = "namespaces"
SECRET_STORE = "aws-secrets-manager"
# RDS tags each managed master secret with the ARN of its cluster.
RDS_CLUSTER_TAG = "aws:rds:primaryDBClusterArn"
FORBIDDEN_RBAC_VERBS = frozenset({"*", "bind", "escalate", "impersonate"})


@dataclass(frozen=True)
class Target:
    """One service in one environment, with what the checks compare it against."""

    contract: Contract
    environment: str
    manifests: list[Manifest]
    graph: Graph | None
    overlay: str  # the overlay's kustomization file, for findings about something missing

    @property
    def service(self) -> str:
        return self.contract.service

    @property
    def on_eks(self) -> bool:
        return self.environment != LAB_ENVIRONMENT

    def deployment(self) -> Manifest | None:
        return named(self.manifests, "Deployment", self.service)


class Collector:
    """Findings of one rule for one target: fails as they come, one pass when none came."""

    def __init__(self, meta: RuleMeta, target: Target) -> None:
        self.meta = meta
        self.target = target
        self.findings: list[Finding] = []

    def fail(self, message: str, manifest: Manifest | None = None) -> None:
        self.findings.append(self._finding("fail", message, manifest))

    def result(self, passed: str) -> list[Finding]:
        return self.findings or [self._finding("pass", passed, self.target.deployment())]

    def _finding(self, status: Status, message: str, manifest: Manifest | None) -> Finding:
        t = self.target
        return Finding.from_rule(
            self.meta, engine="consistency", status=status,
            resource=manifest.resource_id if manifest else f"{t.overlay}#{t.service}",
            message=f"{t.service} ({t.environment}): {message}", stack=t.environment,
            file=manifest.file if manifest else t.overlay, line=manifest.line if manifest else None,
        )


def check_consistency(
    root: Path,
    contracts: dict[str, Contract],
    graphs: dict[str, Graph],
    rendered: dict[tuple[str, str], list[Manifest]],
    environments: Iterable[str] = ENVIRONMENTS,
) -> list[Finding]:
    """Every service in every gated environment against its contract (and the stack graph when one is given)."""
    findings = _overlay_coverage(root, contracts, rendered, tuple(environments))
    for (service, environment), manifests in sorted(rendered.items()):
        contract = contracts.get(service)
        if contract is None or environment not in ENVIRONMENTS:
            continue
        overlay = overlay_dir(root, service, environment) / "kustomization.yaml"
        target = Target(contract, environment, manifests, graphs.get(environment), str(overlay.relative_to(root)))
        findings += _check_target(target, contracts)
    namespaces = rendered.get((NAMESPACES_AREA, ALL_ENVIRONMENTS))
    if namespaces is not None:
        findings += _namespace_baseline(namespaces)
    return findings


def _check_target(target: Target, contracts: dict[str, Contract]) -> list[Finding]:
    checks: list[tuple[RuleMeta, Callable[[Collector], None], str]] = [
        (rules.SERVICE_ACCOUNT, _service_account, "runs as its own ServiceAccount with the expected IRSA binding"),
        (rules.TOKEN_MOUNT, _token_mount, "mounts a token only if the contract needs the Kubernetes API"),
        (rules.INFRA_CONFIG, _infra_config, "infra ConfigMap keys match the contract"),
        (rules.DB_SECRET, _db_secret, "database credentials match the contract"),
        (rules.NETWORK_FLOWS, lambda c: _network_flows(c, contracts), "NetworkPolicies match the contract"),
        (rules.IMAGE_PINNED, _image_pinned, "every image is pinned"),
        (rules.IMAGE_REPOSITORY, _image_repository, "images come from the environment's repository"),
        (rules.RBAC_SCOPE, _rbac_scope, "RBAC is least privilege"),
    ]
    findings: list[Finding] = []
    for meta, check, passed in checks:
        collector = Collector(meta, target)
        check(collector)
        findings += collector.result(passed)
    return findings


def _overlay_coverage(root: Path, contracts: dict[str, Contract], rendered: dict[tuple[str, str], list[Manifest]],
                      environments: tuple[str, ...]) -> list[Finding]:
    findings: list[Finding] = []
    for service in sorted(contracts):
        for environment in environments:
            if (service, environment) in rendered:
                continue
            shown = str(overlay_dir(root, service, environment).relative_to(root))
            findings.append(Finding.from_rule(
                rules.OVERLAY_COVERAGE, engine="consistency", status="fail", resource=shown, stack=environment,
                file=shown, message=f"{service} has a contract but no rendered overlay for {environment}"))
    for overlay in sorted((root / APPS_DIR).glob("*/overlays/*")):
        service = overlay.parent.parent.name
        if service not in contracts and (overlay.name in environments or overlay.name not in ENVIRONMENTS):
            shown = str(overlay.relative_to(root))
            findings.append(Finding.from_rule(
                rules.OVERLAY_COVERAGE, engine="consistency", status="fail", resource=shown, stack=overlay.name,
                file=shown, message=f"overlay for {service}, which has no apps/{service}/contract.yaml"))
    return findings


def _service_account(c: Collector) -> None:
    t = c.target
    deployment = t.deployment()
    if deployment is None:
        c.fail(f"no Deployment named {t.service}")
        return
    account = pod_spec(deployment).get("serviceAccountName")
    if account != t.contract.service_account:
        c.fail(f"serviceAccountName is {account!r}, expected {t.contract.service_account!r}", deployment)
    declared = named(t.manifests, "ServiceAccount", t.contract.service_account)
    if t.on_eks:
        if declared is not None:
            c.fail("the overlay declares the ServiceAccount the Pulumi bootstrap owns on EKS", declared)
        if t.graph is not None:
            _irsa_binding(c)
        return
    if declared is None:
        c.fail("the learner-lab overlay must declare the ServiceAccount (no Pulumi bootstrap in k3s)", deployment)
    elif stack_graph.IRSA_ANNOTATION in ((declared.doc.get("metadata") or {}).get("annotations") or {}):
        c.fail("learner-lab has no IRSA, yet the ServiceAccount carries a role-arn annotation", declared)


def _irsa_binding(c: Collector) -> None:
    t = c.target
    assert t.graph is not None
    account = stack_graph.kubernetes_object(t.graph, stack_graph.SERVICE_ACCOUNT, t.contract.service_account)
    if account is None:
        c.fail(f"stack {t.environment} creates no ServiceAccount {APPS_NAMESPACE}/{t.contract.service_account}")
        return
    subject = stack_graph.service_account_subject(t.contract.service_account)
    roles = stack_graph.roles_trusting(t.graph, subject)
    if not roles:
        c.fail(f"no IAM role in stack {t.environment} trusts {subject}")
        return
    annotated = stack_graph.node_annotations(account).get(stack_graph.IRSA_ANNOTATION)
    arns = {stack_graph.role_arn(r) for r in roles}
    if annotated not in arns:
        c.fail(f"ServiceAccount role-arn {annotated!r} is not the role trusting {subject} ({sorted(map(str, arns))})")


def _token_mount(c: Collector) -> None:
    t = c.target
    needs_api = t.contract.kubernetes_api
    deployment = t.deployment()
    if deployment is not None:
        mounted = pod_spec(deployment).get("automountServiceAccountToken")
        if mounted is not False and not needs_api:
            c.fail(f"automountServiceAccountToken is {mounted!r}; the contract does not need the Kubernetes API",
                   deployment)
    account = named(t.manifests, "ServiceAccount", t.contract.service_account)
    if account is not None and account.doc.get("automountServiceAccountToken") is not False and not needs_api:
        c.fail("the ServiceAccount does not set automountServiceAccountToken: false", account)


def _infra_config(c: Collector) -> None:
    t = c.target
    name = f"{t.service}-infra"
    expected = set(t.contract.infra_keys())
    deployment = t.deployment()
    if deployment is not None and name not in configmap_refs(deployment):
        c.fail(f"the Deployment does not read ConfigMap {name} through envFrom", deployment)
    declared = named(t.manifests, "ConfigMap", name)
    if t.on_eks:
        if declared is not None:
            c.fail(f"the overlay declares {name}, which the Pulumi bootstrap owns on EKS", declared)
        if t.graph is not None:
            node = stack_graph.kubernetes_object(t.graph, stack_graph.CONFIG_MAP, name)
            if node is None:
                c.fail(f"stack {t.environment} writes no ConfigMap {APPS_NAMESPACE}/{name}")
            else:
                _compare_keys(c, stack_graph.configmap_keys(node), expected, f"stack {t.environment}'s {name}", None)
        return
    # In learner-lab the host bootstrap (Ansible lab_runtime, from the stack outputs) owns it: only the deployed
    # stack knows the real bucket names, which carry the student's account id.
    if declared is not None:
        c.fail(f"the overlay declares {name}, which the lab host bootstrap owns in learner-lab", declared)


def _compare_keys(c: Collector, actual: set[str], expected: set[str], what: str, manifest: Manifest | None) -> None:
    if missing := sorted(expected - actual):
        c.fail(f"{what} lacks keys the contract needs: {', '.join(missing)}", manifest)
    if extra := sorted(actual - expected):
        c.fail(f"{what} has keys the contract does not declare: {', '.join(extra)}", manifest)


def _db_secret(c: Collector) -> None:
    t = c.target
    secret = f"{t.service}-db"
    deployment = t.deployment()
    referenced = secret_refs(deployment) if deployment is not None else set()
    external = named(t.manifests, "ExternalSecret", secret)
    if t.contract.database == "none":
        if secret in referenced or external is not None:
            c.fail(f"uses database credentials {secret} without a database contract", external or deployment)
        return
    if secret not in referenced:
        c.fail(f"the Deployment does not read Secret {secret}", deployment)
    if not t.on_eks:
        return
    if external is None:
        c.fail(f"no ExternalSecret {secret} (database: {t.contract.database})", deployment)
        return
    spec = external.doc.get("spec") or {}
    store = spec.get("secretStoreRef") or {}
    if store.get("kind") != "ClusterSecretStore" or store.get("name") != SECRET_STORE:
        c.fail(f"ExternalSecret {secret} reads from {store}, not ClusterSecretStore {SECRET_STORE}", external)
    if t.graph is not None:
        clusters = stack_graph.aurora_cluster_arns(t.graph)
        tagged = {str((f.get("find") or {}).get("tags", {}).get(RDS_CLUSTER_TAG)) for f in spec.get("dataFrom") or []}
        if not tagged & clusters:
            c.fail(f"ExternalSecret {secret} looks up the master secret of {sorted(tagged)}, not of the stack's "
                   f"Aurora cluster {sorted(clusters)}", external)


def _network_flows(c: Collector, contracts: dict[str, Contract]) -> None:
    t = c.target
    expected = declared_flows(t.contract, contracts)
    allowed: dict[Flow, Manifest] = {}
    for policy in of_kind(t.manifests, "NetworkPolicy"):
        selected = selected_app(policy.doc)
        if selected != t.service:
            c.fail(f"NetworkPolicy {policy.name} selects {selected or 'every pod'!s}, not {t.service}", policy)
            continue
        for flow in policy_flows(policy.doc):
            allowed.setdefault(flow, policy)
    for flow, policy in sorted(allowed.items()):
        if flow not in expected and flow.peer != "dns":
            c.fail(f"allows {flow}, which the contract does not declare", policy)
    for flow in sorted(expected - set(allowed)):
        c.fail(f"the contract declares {flow}, but no NetworkPolicy allows it", t.deployment())
    if t.on_eks and t.graph is not None:
        _cidrs_in_vpc(c, t.graph)


def _cidrs_in_vpc(c: Collector, graph: Graph) -> None:
    """MSK, Aurora, the API endpoint and the ALB live in the stack's VPC: private peers must be inside it."""
    vpcs = [ipaddress.ip_network(str(v.inputs["cidrBlock"])) for v in graph.of_type(stack_graph.VPC)
            if v.inputs.get("cidrBlock")]
    if not vpcs:
        return
    for policy in of_kind(c.target.manifests, "NetworkPolicy"):
        for cidr in ipblock_cidrs(policy.doc):
            network = ipaddress.ip_network(cidr, strict=False)
            if network.is_private and not any(network.subnet_of(vpc) for vpc in vpcs):  # type: ignore[arg-type]
                c.fail(f"NetworkPolicy {policy.name} allows {cidr}, outside the stack's VPC "
                       f"{', '.join(map(str, vpcs))}", policy)


def _image_pinned(c: Collector) -> None:
    for workload in [m for m in c.target.manifests if pod_spec(m)]:
        for container in containers(workload):
            problem = image_pin_problem(str(container.get("image", "")))
            if problem is not None:
                c.fail(problem, workload)


def _image_repository(c: Collector) -> None:
    t = c.target
    expected = image_repository(t.environment, t.service)
    if t.on_eks and t.graph is not None:  # learner-lab pulls from public ECR, which no lab stack creates
        url = stack_graph.ecr_repository_url(t.graph, f"campus/{t.service}")
        if url is None:
            c.fail(f"stack {t.environment} has no ECR repository campus/{t.service}")
        elif url != expected:
            c.fail(f"stack {t.environment}'s repository is {url}, the overlays expect {expected}")
    deployment = t.deployment()
    for container in containers(deployment) if deployment is not None else []:
        repository, _, _ = split_image(str(container.get("image", "")))
        if repository != expected:
            c.fail(f"image {container.get('image')} is not from {expected}", deployment)


def _rbac_scope(c: Collector) -> None:
    t = c.target
    roles = of_kind(t.manifests, "ClusterRole") + of_kind(t.manifests, "Role")
    bindings = of_kind(t.manifests, "ClusterRoleBinding") + of_kind(t.manifests, "RoleBinding")
    if not t.contract.kubernetes_api:
        for manifest in roles + bindings:
            c.fail(f"{manifest.kind} {manifest.name} for a service whose contract has no kubernetesApi", manifest)
        return
    for role in roles:
        for index, rule in enumerate(role.doc.get("rules") or []):
            fields = {key: set(rule.get(key) or []) for key in ("apiGroups", "resources", "verbs")}
            if any("*" in values for values in fields.values()):
                c.fail(f"rules[{index}] uses a wildcard", role)
            if "secrets" in fields["resources"]:
                c.fail(f"rules[{index}] grants access to secrets", role)
            if forbidden := sorted(fields["verbs"] & FORBIDDEN_RBAC_VERBS - {"*"}):
                c.fail(f"rules[{index}] grants {', '.join(forbidden)}", role)
    for binding in bindings:
        for subject in binding.doc.get("subjects") or []:
            if subject.get("kind") != "ServiceAccount" or subject.get("name") != t.contract.service_account:
                c.fail(f"binds {subject.get('kind')} {subject.get('name')}, not the service's ServiceAccount", binding)


def _namespace_baseline(manifests: list[Manifest]) -> list[Finding]:
    policies = [m for m in of_kind(manifests, "NetworkPolicy") if m.namespace == APPS_NAMESPACE]
    findings: list[Finding] = []

    def finding(status: Status, message: str, manifest: Manifest | None) -> Finding:
        return Finding.from_rule(
            rules.NAMESPACE_BASELINE, engine="consistency", status=status,
            resource=manifest.resource_id if manifest else f"namespace/{APPS_NAMESPACE}",
            file=manifest.file if manifest else None, line=manifest.line if manifest else None, message=message)

    default_deny = [p for p in policies if selected_app(p.doc) == "" and _denies_all(p)]
    if not default_deny:
        findings.append(finding("fail", f"namespace {APPS_NAMESPACE} has no default-deny NetworkPolicy", None))
    for policy in policies:
        if selected_app(policy.doc) != "":
            continue
        for flow in policy_flows(policy.doc):
            if flow.peer not in PLATFORM_FLOWS:
                findings.append(finding("fail", f"namespace-wide policy {policy.name} allows {flow}", policy))
    return findings or [finding("pass", f"namespace {APPS_NAMESPACE} denies by default", default_deny[0])]


def _denies_all(policy: Manifest) -> bool:
    spec = policy.doc.get("spec") or {}
    return (set(spec.get("policyTypes") or []) == {"Ingress", "Egress"}
            and not spec.get("ingress") and not spec.get("egress"))

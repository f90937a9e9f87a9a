"""Each analysis engine behind one small adapter: what it checks, and the rules it could have fired."""

from __future__ import annotations

from pathlib import Path

from campus.engine.graph import Graph
from campus.findings import Engine, Finding, RuleMeta
from campus.manifests import Manifest


def crossguard(graph: Graph) -> list[Finding]:
    from campus.analyses.crossguard import run_pack

    return run_pack(graph)


def admission(manifests: list[Manifest]) -> list[Finding]:
    from campus.k8s.admission import evaluate

    return evaluate(manifests)


def schema(manifests: list[Manifest]) -> list[Finding]:
    from campus.k8s.schema import validate

    return validate(manifests)


# campus's code between ansible-lint and the findings: part of the cache key, hashed without importing it.
_ANSIBLE_LINT_ADAPTER = ("campus.analyses.ansible_lint", "campus.analyses.ansible_lint_batched")


def ansible_lint(playbooks: Path) -> list[Finding]:
    from campus.analyses.ansible_lint import check_yaml_syntax, run_ansible_lint
    from campus.gate.result_cache import cached_findings, code_digest, input_digest, package_versions

    root = playbooks.parent
    # The code that turns ansible-lint's output into findings is part of the key, as are the tools' versions.
    versions = [*package_versions("ansible-lint", "ansible-core", "ansible"), *map(code_digest, _ANSIBLE_LINT_ADAPTER)]
    key = input_digest("ansible-lint", versions, root, [playbooks, root / ".ansible-lint", root / "ansible.cfg"])

    def lint() -> list[Finding]:
        # Only bytes that parsed are ever cached, so a cache hit needs no syntax check.
        check_yaml_syntax(playbooks)
        return run_ansible_lint(playbooks)

    return cached_findings(root, "ansible-lint", key, lint)


def all_rules() -> list[tuple[Engine, RuleMeta]]:
    from campus.analyses.checkov import checkov_rules
    from campus.analyses.crossguard import pack_rules
    from campus.gitops.rules import consistency_rules
    from campus.k8s.admission import admission_rules
    from campus.k8s.schema import schema_rules

    rules: list[tuple[Engine, RuleMeta]] = [
        *(("crossguard", r) for r in pack_rules()),
        *(("admission", r) for r in admission_rules()),
        *(("schema", r) for r in schema_rules()),
        *(("checkov", r) for r in checkov_rules()),
        *(("consistency", r) for r in consistency_rules()),
    ]
    from campus.analyses.ansible_lint import CLEAN_RUN

    return [*rules, ("ansible-lint", CLEAN_RUN)]


def dedupe(findings: list[Finding]) -> list[Finding]:
    """Objects shared by every environment are checked once per environment; report each verdict once."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for finding in findings:
        key = (finding.engine, finding.rule_id, finding.resource, finding.status, finding.message, finding.stack)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out

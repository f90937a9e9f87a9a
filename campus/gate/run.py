"""The gate: synthesize, run every engine, apply waivers, write the reports. Exit 0 pass, 1 fail."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from campus import __version__
from campus.analyses.checkov_env import ScanProcess
from campus.catalog.contracts import load_contracts
from campus.config.loader import STACKS, load_all_stacks, load_stack_config
from campus.engine.graph import Graph
from campus.engine.project import read_project, shown_path
from campus.engine.runner import SynthResult
from campus.engine.synth import synth_stacks, write_result
from campus.errors import CampusInputError
from campus.findings import Engine, Finding, RuleMeta
from campus.forked import ForkedCall, WorkerEnded
from campus.gate import engines
from campus.gate.manifests import Rendered, by_environment, render_folder, render_tree, write_rendered
from campus.gate.waivers import WaiverEntry, apply_waivers, check_waiver_rules, load_waivers
from campus.gc_tuning import batch_collection
from campus.gitops.kustomize import ALL_ENVIRONMENTS
from campus.gitops.layout import BOOTSTRAP_AREA, BOOTSTRAP_DIR
from campus.manifests import Manifest, load_files
from campus.staging import staged

Step = Callable[[str], None]
PULUMI_SIDE_NICENESS = 5


@dataclass
class GateRequest:
    root: Path
    out: Path
    stacks: list[str] = field(default_factory=list)
    project: Path | None = None
    manifests: Path | None = None

    @property
    def own_project(self) -> bool:
        return self.project is None and self.manifests is None


@dataclass
class GateResult:
    findings: list[Finding]
    expired: list[WaiverEntry]
    unused: list[WaiverEntry]
    reports: dict[str, Path]
    inputs: list[str]

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocks]

    @property
    def exit_code(self) -> int:
        return 1 if self.blocking or self.expired else 0


def run_gate(request: GateRequest, step: Step = lambda _: None, today: date | None = None) -> GateResult:
    # Waivers are read and checked first: a broken waiver file costs no wait. Loading every rule here, before the
    # fork, also spares the forked child loading the CrossGuard pack again.
    waivers = load_waivers(request.root)
    rules = engines.all_rules()
    check_waiver_rules(waivers, {rule.id for _, rule in rules})
    with batch_collection(), staged(request.out) as stage:
        result = _run_gate(request, step, today or date.today(), waivers, rules, stage)
    result.reports = {name: request.out / path.relative_to(stage) for name, path in result.reports.items()}
    return result


def _run_gate(request: GateRequest, step: Step, today: date, waivers: list[WaiverEntry],
              rules: list[tuple[Engine, RuleMeta]], stage: Path) -> GateResult:
    """One gate run; everything it writes goes to `stage`, published into --out only if it returns."""
    started = datetime.now(UTC)
    root = request.root
    findings: list[Finding] = []
    inputs: list[str] = []
    graphs: dict[str, Graph] = {}
    if request.own_project:
        _check_stack_configs(request)
    with ExitStack() as cleanup:
        # Exits run last-in first-out: on failure the workers are stopped first, so nothing waits for them.
        background = cleanup.enter_context(ThreadPoolExecutor(max_workers=3, thread_name_prefix="gate"))
        # Synth and CrossGuard run in a forked child, started before any thread or pipe exists here.
        pulumi_side = (cleanup.enter_context(ForkedCall(_pulumi_side, request))
                       if request.manifests is None else None)
        # checkov imports for ~2.5 s, then scans the repository's own files, which need no rendering.
        scanner = cleanup.enter_context(ScanProcess(_checkov_frameworks(request))) if request.project is None else None
        repository_scan = (background.submit(_checkov_repository, request, scanner)
                           if request.own_project and scanner else None)
        # checkov and ansible-lint are separate processes: they run while the in-process engines work.
        lint = (background.submit(engines.ansible_lint, root / "playbooks")
                if request.own_project and (root / "playbooks").is_dir() else None)
        rendered = _render(request, step, inputs)
        if rendered:
            schema_findings, rendered = _schema_checked(rendered, step)
            findings += schema_findings
        manifest_scan = (background.submit(_checkov_manifests, request, rendered, scanner, stage)
                         if rendered and scanner else None)
        if rendered:
            findings += _admission(rendered, step)
        if pulumi_side is not None:
            # The child reads the project itself; the step names the stacks when they were asked for.
            step(f"synthesizing {', '.join(request.stacks) or 'every stack'}; CrossGuard policy pack")
            try:
                synthesized = pulumi_side.result()
            except WorkerEnded as ended:
                program = read_project(request.project or request.root).program
                raise CampusInputError(f"the program ended the process (exit code {ended.exitcode})",
                                       file=shown_path(program)) from None
            results, crossguard_findings, synth_inputs = synthesized
            graphs = {stack: result.graph for stack, result in results.items()}
            findings += crossguard_findings
            inputs += synth_inputs
            # Written only now: a gate that failed on bad input leaves no half-written output behind.
            for result in results.values():
                write_result(result, stage)
        if request.own_project:
            step("contracts ↔ manifests ↔ infra; add-on pins")
            findings += _platform_consistency(root, graphs, rendered, request.stacks)
        step("checkov (manifests, playbooks, workflows, secrets) and ansible-lint")
        for task in (manifest_scan, repository_scan, lint):
            findings += task.result() if task is not None else []

    outcome = apply_waivers(engines.dedupe(findings), waivers, today)
    step("writing reports")
    reports = _write_reports(request, stage, rules, outcome.findings, waivers, today, started, list(graphs), inputs)
    unused = [w for w in outcome.unused if w.could_match_stacks(request.stacks)]
    return GateResult(outcome.findings, outcome.expired, unused, reports, inputs)


def _check_stack_configs(request: GateRequest) -> None:
    if set(request.stacks) == set(STACKS):
        load_all_stacks(request.root)
    for stack in request.stacks:
        load_stack_config(request.root, stack)


def _pulumi_side(request: GateRequest) -> tuple[dict[str, SynthResult], list[Finding], list[str]]:
    """Every stack synthesized and checked by the CrossGuard pack (bad input comes back through the fork)."""
    # checkov is the gate's longest single task; on a small machine it should not wait for this one.
    os.nice(PULUMI_SIDE_NICENESS)
    project = read_project(request.project or request.root)
    stacks = request.stacks or project.stacks()
    inputs = [f"stack {s} ({project.shown(project.stack_file(s))})" for s in stacks]
    results = synth_stacks(project, stacks, None)
    findings = [f for result in results.values() for f in engines.crossguard(result.graph)]
    return results, findings, inputs


def _render(request: GateRequest, step: Step, inputs: list[str]) -> Rendered:
    if request.manifests is not None:
        step(f"rendering {request.manifests}")
        inputs.append(f"manifests {request.manifests}")
        return render_folder(request.manifests.resolve(), request.root)
    if request.own_project:
        step("rendering the GitOps tree (kustomize)")
        rendered = render_tree(request.root, request.stacks)
        inputs.append(f"GitOps tree: {len(rendered)} kustomizations for {', '.join(request.stacks)}")
        # The root Applications are applied by hand once per cluster, not rendered from the tree; gated all the same.
        bootstrap = sorted((request.root / BOOTSTRAP_DIR).glob("*.yaml"))
        if bootstrap:
            rendered[(BOOTSTRAP_AREA, ALL_ENVIRONMENTS)] = load_files(bootstrap, request.root)
        return rendered
    return {}


def _schema_checked(rendered: Rendered, step: Step) -> tuple[list[Finding], Rendered]:
    """Schema findings for every object, and the objects that passed: an object that fails its schema is reported
    (and fails the gate) once, by the schema engine; the engines that read its fields never see it."""
    step("schema validation (kubernetes-validate, CRD schemas)")
    findings = engines.schema([m for docs in rendered.values() for m in docs])
    invalid = {f.resource for f in findings if f.status == "fail"}
    if invalid:
        rendered = {key: [m for m in docs if m.resource_id not in invalid] for key, docs in rendered.items()}
    return findings, rendered


def _admission(rendered: Rendered, step: Step) -> list[Finding]:
    findings: list[Finding] = []
    step("admission rules (Rego, in-process)")
    for env, manifests in by_environment(rendered).items():
        stack = None if env == ALL_ENVIRONMENTS else env
        findings += [f.model_copy(update={"stack": stack}) if f.status == "fail" else f
                     for f in engines.admission(manifests)]
    return findings


# The repository's own files checkov scans besides the rendered manifests; secrets covers the whole repository.
REPOSITORY_SCANS = (("ansible", Path("playbooks")), ("github_actions", Path(".github/workflows")), ("secrets", Path()))


def _checkov_frameworks(request: GateRequest) -> list[str]:
    return ["kubernetes", *(framework for framework, _ in REPOSITORY_SCANS)] if request.own_project else ["kubernetes"]


def _checkov_manifests(request: GateRequest, rendered: Rendered, scanner: ScanProcess, stage: Path) -> list[Finding]:
    from campus.analyses.checkov import CheckovTarget, run_checkov

    written = {path.resolve(): docs for path, docs in write_rendered(rendered, stage / "rendered").items()}
    # One target per environment folder: findings carry their stack, and checkov still starts once.
    targets = [CheckovTarget("kubernetes", folder, stack=None if folder.name == ALL_ENVIRONMENTS else folder.name)
               for folder in sorted({path.parent for path in written})]
    root = request.root
    # rendered file#object -> its manifest; the first of equal ids wins, as a linear search would find it.
    sources: dict[str, Manifest] = {}
    for path, docs in written.items():
        for manifest in docs:
            sources.setdefault(f"{path}#{manifest.resource_id.partition('#')[2]}", manifest)
    return [_to_source(f, sources, root) for f in run_checkov(targets, root=root, process=scanner)]


def _checkov_repository(request: GateRequest, scanner: ScanProcess) -> list[Finding]:
    """Playbooks, workflows and the whole repository for secrets (less the gate's own output)."""
    from campus.analyses.checkov import CheckovTarget, run_checkov

    root = request.root
    out = request.out.resolve()
    skip = (str(out.relative_to(root.resolve())),) if out.is_relative_to(root.resolve()) else ()
    targets = [CheckovTarget(framework, root / path, skip=skip if framework == "secrets" else ())  # type: ignore[arg-type]
               for framework, path in REPOSITORY_SCANS if (root / path).is_dir()]
    return run_checkov(targets, root=root, process=scanner)


def _to_source(finding: Finding, sources: dict[str, Manifest], root: Path) -> Finding:
    """checkov saw the rendered file; point the finding at the manifest's own source file and line."""
    if finding.engine != "checkov" or "#" not in finding.resource:
        return finding
    rendered_file, _, ident = finding.resource.partition("#")
    manifest = sources.get(f"{(root / rendered_file).resolve()}#{ident}")
    if manifest is None:
        return finding
    return finding.model_copy(update={"resource": manifest.resource_id, "file": manifest.file, "line": manifest.line})


def _platform_consistency(root: Path, graphs: dict[str, Graph], rendered: Rendered, stacks: list[str]) -> list[Finding]:
    from campus.gitops.addons import check_addons
    from campus.gitops.consistency import check_consistency

    # Only the environments gated were rendered: coverage is checked for those.
    findings = check_consistency(root, load_contracts(root), graphs, rendered, stacks) if rendered else []
    return findings + check_addons(root, rendered or None)


def _git_commit(root: Path) -> str | None:
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return result.stdout.strip() or None


def _write_reports(request: GateRequest, stage: Path, rules: list[tuple[Engine, RuleMeta]], findings: list[Finding],
                   waivers: list[WaiverEntry], today: date, started: datetime, stacks: list[str],
                   inputs: list[str]) -> dict[str, Path]:
    from campus.controls import shipped_catalog
    from campus.reports import EngineRule, GateRun, write_reports

    catalog = shipped_catalog()
    run = GateRun(
        findings=findings,
        rules=[EngineRule(engine=engine, rule=rule) for engine, rule in rules],
        control_title=lambda ref: catalog.title(ref) if catalog.has(ref) else None,
        stacks=stacks,
        started=started,
        finished=datetime.now(UTC),
        campus_version=__version__,
        git_commit=_git_commit(request.root),
        waivers=[{"rule_id": w.rule, "match": w.match or "*", "reason": w.reason, "owner": w.owner,
                  "expires": w.expires, "status": "active" if w.expires >= today else "expired", "id": w.id}
                 for w in waivers],
        inputs=inputs,
    )
    return write_reports(run, stage)

"""oscal/assessment-results.json: one OSCAL result per framework version, a finding per assessed control."""

from __future__ import annotations

from datetime import datetime

from trestle.oscal import OSCAL_VERSION
from trestle.oscal.assessment_results import AssessmentResults, ImportAp, Result
from trestle.oscal.common import (
    BackMatter,
    ControlSelections,
    ControlSelectionsAll,
    FindingTarget,
    IncludeAll,
    Link,
    Metadata,
    ObjectiveStatus,
    Observation,
    RelatedObservation,
    RelevantEvidence,
    Resource,
    ReviewedControls,
    SelectControlById,
)
from trestle.oscal.common import Finding as OscalFinding

from campus.findings import Finding
from campus.reports.assessment import Assessment, ControlAssessment, FrameworkAssessment
from campus.reports.oscal_common import catalog_href, control_token, prop, stable_uuid

STATUS_REMARKS = {
    "not-satisfied": "At least one mapped rule failed.",
    "waived": "Every failure of the mapped rules has an active waiver: risk accepted, not resolved.",
    "satisfied": "Every check of the mapped rules passed.",
}


def build_assessment_results(assessment: Assessment) -> AssessmentResults:
    run = assessment.run
    run_key = _run_key(assessment)
    plan_uuid = stable_uuid(run_key, "assessment-plan")
    return AssessmentResults(
        uuid=stable_uuid(run_key, "assessment-results"),
        metadata=Metadata(
            title=f"campus gate assessment results: {', '.join(run.stacks) or 'repository'}",
            last_modified=run.finished,
            version=run.campus_version,
            oscal_version=OSCAL_VERSION,
            links=[Link(href=f"#{plan_uuid}", rel="reference", text="rules, control mappings and waivers")],
            props=[
                prop("gate-verdict", "passed" if run.passed else "failed"),
                prop("git-commit", run.git_commit or "not recorded"),
                *(prop("stack", stack) for stack in run.stacks),
            ],
        ),
        import_ap=ImportAp(href=f"#{plan_uuid}"),
        results=[_result(run_key, framework, assessment) for framework in assessment.frameworks]
        or [_empty_result(run_key, assessment)],
        back_matter=BackMatter(
            resources=[
                Resource(
                    uuid=plan_uuid,
                    title="campus gate: rules, control mappings and waivers",
                    description="The gate has no separate OSCAL assessment plan: the rules listed in "
                    "component-definition.json, their control mappings and the waivers are the plan.",
                    props=[prop("input", item) for item in run.inputs] or None,
                )
            ]
        ),
    )


def _run_key(assessment: Assessment) -> str:
    run = assessment.run
    return "\x1f".join((run.campus_version, run.git_commit or "", ",".join(run.stacks), run.started.isoformat()))


def _result(run_key: str, framework: FrameworkAssessment, assessment: Assessment) -> Result:
    run = assessment.run
    result_key = f"{run_key}\x1f{framework.framework}\x1f{framework.version}"
    observation_ids: dict[int, str] = {}
    observations: list[Observation] = []
    used: set[str] = set()
    for control in framework.controls:
        for finding in control.findings:
            if id(finding) not in observation_ids:
                observation = _observation(result_key, finding, run.finished, used)
                observation_ids[id(finding)] = observation.uuid
                observations.append(observation)
    assessed = [control for control in framework.controls if control.status != "not-assessed"]
    not_assessed = [control_token(c.ref) for c in framework.controls if c.status == "not-assessed"]
    return Result(
        uuid=stable_uuid(result_key, "result"),
        title=f"{framework.framework} {framework.version}",
        description=f"campus gate results for the {framework.framework} {framework.version} controls that "
        f"its rules map to, as listed in {catalog_href(framework.framework, framework.version)}.",
        start=run.started,
        end=run.finished,
        props=[prop("framework", framework.framework), prop("framework-version", framework.version)],
        reviewed_controls=ReviewedControls(
            control_selections=[
                ControlSelections(
                    include_controls=[SelectControlById(control_id=control_token(c.ref)) for c in framework.controls]
                )
            ]
        ),
        observations=observations or None,
        findings=[_finding(result_key, control, observation_ids) for control in assessed] or None,
        remarks=f"Not assessed (no resource in scope): {', '.join(not_assessed)}." if not_assessed else None,
    )


def _empty_result(run_key: str, assessment: Assessment) -> Result:
    """OSCAL needs at least one result; a run without rules still says so explicitly."""
    return Result(
        uuid=stable_uuid(run_key, "empty-result"),
        title="No controls reviewed",
        description="No rule ran in this gate, so no control was assessed.",
        start=assessment.run.started,
        end=assessment.run.finished,
        reviewed_controls=ReviewedControls(
            description="Every control of the (empty) rule set: none.",
            control_selections=[ControlSelectionsAll(include_all=IncludeAll())],
        ),
    )


def _observation(result_key: str, finding: Finding, collected: datetime, used: set[str]) -> Observation:
    identity = "\x1f".join(
        (
            finding.engine,
            finding.rule_id,
            finding.stack or "",
            finding.resource,
            finding.status,
            finding.message,
        )
    )
    observation_uuid = stable_uuid(result_key, "observation", identity)
    repeat = 1
    while observation_uuid in used:  # the same check reported twice still needs two distinct UUIDs
        repeat += 1
        observation_uuid = stable_uuid(result_key, "observation", identity, str(repeat))
    used.add(observation_uuid)
    location = f"{finding.file}#L{finding.line}" if finding.file and finding.line else finding.file
    props = [
        prop("rule-id", finding.rule_id),
        prop("engine", finding.engine),
        prop("result", finding.status),
        prop("severity", finding.severity),
        prop("enforcement", finding.enforcement),
        prop("resource", finding.resource),
    ]
    if finding.stack:
        props.append(prop("stack", finding.stack))
    remarks = None
    if finding.waiver:
        props += [prop(f"waiver-{key}", value) for key, value in sorted(finding.waiver.items()) if value.strip()]
        remarks = f"Waived: {finding.waiver.get('reason', '')}"
    return Observation(
        uuid=observation_uuid,
        title=f"{finding.rule_id}: {finding.resource}",
        description=finding.message or finding.status,
        props=props,
        methods=["TEST"],
        relevant_evidence=[RelevantEvidence(href=location, description=finding.message or finding.status)]
        if location
        else None,
        collected=collected,
        remarks=remarks,
    )


def _finding(result_key: str, control: ControlAssessment, observation_ids: dict[int, str]) -> OscalFinding:
    token = control_token(control.ref)
    satisfied = control.status == "satisfied"
    counts = control.counts
    return OscalFinding(
        uuid=stable_uuid(result_key, "finding", token),
        title=f"{control.ref.id} {control.title}" if control.title else control.ref.id,
        description=f"{counts.get('fail', 0)} failing, {counts.get('waived', 0)} waived and "
        f"{counts.get('pass', 0)} passing checks by " + ", ".join(sorted({f.rule_id for f in control.findings})),
        props=[prop("control-status", control.status), prop("control-id", control.ref.id)],
        target=FindingTarget(
            type="objective-id",
            target_id=f"{token}_obj",
            status=ObjectiveStatus(
                state="satisfied" if satisfied else "not-satisfied",
                reason="pass" if satisfied else ("other" if control.status == "waived" else "fail"),
                remarks=STATUS_REMARKS[control.status],
            ),
        ),
        related_observations=[RelatedObservation(observation_uuid=observation_ids[id(f)]) for f in control.findings],
    )

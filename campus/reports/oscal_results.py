"""oscal/assessment-results.json: one OSCAL result per framework version, a finding per assessed control."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from trestle.oscal import OSCAL_VERSION

from campus.findings import Finding
from campus.reports import oscal_checks
from campus.reports.assessment import Assessment, ControlAssessment, FrameworkAssessment
from campus.reports.oscal_common import (
    OscalDict,
    catalog_href,
    control_token,
    oscal_time,
    prop,
    stable_uuid,
    without_none,
)

STATUS_REMARKS = {
    "not-satisfied": "At least one mapped rule failed.",
    "waived": "Every failure of the mapped rules has an active waiver: risk accepted, not resolved.",
    "satisfied": "Every check of the mapped rules passed.",
}


def build_assessment_results(assessment: Assessment) -> OscalDict:
    run = assessment.run
    run_key = _run_key(assessment)
    plan_uuid = stable_uuid(run_key, "assessment-plan")
    times = _Times(oscal_time(run.started), oscal_time(run.finished))
    metadata = {
        "title": oscal_checks.title(f"campus gate assessment results: {', '.join(run.stacks) or 'repository'}"),
        "last-modified": times.finished,
        "version": oscal_checks.version(run.campus_version),
        "oscal-version": OSCAL_VERSION,
        "props": [
            prop("gate-verdict", "passed" if assessment.passed else "failed"),
            prop("git-commit", run.git_commit or "not recorded"),
            *(prop("stack", stack) for stack in run.stacks),
        ],
        "links": [{"href": f"#{plan_uuid}", "rel": "reference", "text": "rules, control mappings and waivers"}],
    }
    plan = {
        "uuid": plan_uuid,
        "title": "campus gate: rules, control mappings and waivers",
        "description": "The gate has no separate OSCAL assessment plan: the rules listed in "
        "component-definition.json, their control mappings and the waivers are the plan.",
        "props": [prop("input", item) for item in run.inputs] or None,
    }
    document = {
        "uuid": stable_uuid(run_key, "assessment-results"),
        "metadata": metadata,
        "import-ap": {"href": f"#{plan_uuid}"},
        "results": [_result(run_key, framework, times) for framework in assessment.frameworks]
        or [_empty_result(run_key, times)],
        "back-matter": {"resources": [without_none(plan)]},
    }
    return {"assessment-results": document}


class _Times(NamedTuple):
    started: str
    finished: str


def _run_key(assessment: Assessment) -> str:
    run = assessment.run
    return "\x1f".join((run.campus_version, run.git_commit or "", ",".join(run.stacks), run.started.isoformat()))


def _result(run_key: str, framework: FrameworkAssessment, times: _Times) -> OscalDict:
    result_key = f"{run_key}\x1f{framework.framework}\x1f{framework.version}"
    references: dict[int, OscalDict] = {}  # id(finding) → its observation's `related-observations` entry
    observations: list[OscalDict] = []
    used: set[str] = set()
    for control in framework.controls:
        for finding in control.findings:
            if id(finding) not in references:
                observation = _observation(result_key, finding, times.finished, used)
                references[id(finding)] = {"observation-uuid": observation["uuid"]}
                observations.append(observation)
    assessed = [control for control in framework.controls if control.status != "not-assessed"]
    not_assessed = [control_token(c.ref) for c in framework.controls if c.status == "not-assessed"]
    result = {
        "uuid": stable_uuid(result_key, "result"),
        "title": oscal_checks.title(f"{framework.framework} {framework.version}"),
        "description": f"campus gate results for the {framework.framework} {framework.version} controls that "
        f"its rules map to, as listed in {catalog_href(framework.framework, framework.version)}.",
        "start": times.started,
        "end": times.finished,
        "props": [prop("framework", framework.framework), prop("framework-version", framework.version)],
        "reviewed-controls": {
            "control-selections": [
                {"include-controls": [{"control-id": control_token(c.ref)} for c in framework.controls]}
            ]
        },
        "observations": observations or None,
        "findings": [_finding(result_key, control, references) for control in assessed] or None,
        "remarks": f"Not assessed (no resource in scope): {', '.join(not_assessed)}." if not_assessed else None,
    }
    return without_none(result)


def _empty_result(run_key: str, times: _Times) -> OscalDict:
    """OSCAL needs at least one result; a run without rules still says so explicitly."""
    return {
        "uuid": stable_uuid(run_key, "empty-result"),
        "title": "No controls reviewed",
        "description": "No rule ran in this gate, so no control was assessed.",
        "start": times.started,
        "end": times.finished,
        "reviewed-controls": {
            "description": "Every control of the (empty) rule set: none.",
            "control-selections": [{"include-all": {}}],
        },
    }


def _observation(result_key: str, finding: Finding, collected: str, used: set[str]) -> OscalDict:
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
        *_check_props(finding.rule_id, finding.engine, finding.status, finding.severity, finding.enforcement),
        prop("resource", finding.resource),
    ]
    if finding.stack:
        props.append(prop("stack", finding.stack))
    description = finding.message or finding.status
    observation = {
        "uuid": observation_uuid,
        "title": oscal_checks.title(f"{finding.rule_id}: {finding.resource}"),
        "description": description,
        "props": props,
        "methods": ["TEST"],
    }
    if location:
        observation["relevant-evidence"] = [{"href": location, "description": description}]
    observation["collected"] = collected
    if finding.waiver:
        props += [prop(f"waiver-{key}", value) for key, value in sorted(finding.waiver.items()) if value.strip()]
        observation["remarks"] = f"Waived: {finding.waiver.get('reason', '')}"
    return observation


@lru_cache(maxsize=4096)
def _check_props(rule_id: str, engine: str, status: str, severity: str, enforcement: str) -> tuple[OscalDict, ...]:
    return (
        prop("rule-id", rule_id),
        prop("engine", engine),
        prop("result", status),
        prop("severity", severity),
        prop("enforcement", enforcement),
    )


def _finding(result_key: str, control: ControlAssessment, references: dict[int, OscalDict]) -> OscalDict:
    token = control_token(control.ref)
    satisfied = control.status == "satisfied"
    counts = control.counts
    return {
        "uuid": stable_uuid(result_key, "finding", token),
        "title": oscal_checks.title(f"{control.ref.id} {control.title}" if control.title else control.ref.id),
        "description": f"{counts.get('fail', 0)} failing, {counts.get('waived', 0)} waived and "
        f"{counts.get('pass', 0)} passing checks by " + ", ".join(sorted({f.rule_id for f in control.findings})),
        "props": [prop("control-status", control.status), prop("control-id", control.ref.id)],
        "target": {
            "type": "objective-id",
            "target-id": oscal_checks.token(f"{token}_obj"),
            "status": {
                "state": "satisfied" if satisfied else "not-satisfied",
                "reason": "pass" if satisfied else ("other" if control.status == "waived" else "fail"),
                "remarks": STATUS_REMARKS[control.status],
            },
        },
        "related-observations": [references[id(f)] for f in control.findings],
    }

from __future__ import annotations

from campus.findings import ControlRef, Finding
from campus.reports import GateRun
from campus.reports.assessment import ControlAssessment, assess, natural_key
from tests.reports.reports_sample import DROP_ALL, sample_findings, sample_run


def control(run: GateRun, framework: str, version: str, control_id: str) -> ControlAssessment:
    for fw in assess(run).frameworks:
        for candidate in fw.controls:
            if candidate.ref == ControlRef(framework=framework, version=version, id=control_id):
                return candidate
    raise AssertionError(f"{framework} {version} {control_id} not reviewed")


def test_each_control_is_judged_by_the_findings_of_its_rules(run: GateRun) -> None:
    assert control(run, "CIS-AWS-Foundations", "1.5.0", "2.1.1").status == "not-satisfied"
    assert control(run, "AWS-FSBP", "1.0.0", "DynamoDB.2").status == "waived"
    assert control(run, "AWS-FSBP", "1.0.0", "EKS.8").status == "satisfied"
    assert control(run, "NIST-800-53", "rev5", "ra-5").status == "not-assessed"
    # two rules map to sc-28.1: one failing S3 bucket outweighs every passing check
    sc_28_1 = control(run, "NIST-800-53", "rev5", "sc-28.1")
    assert sc_28_1.status == "not-satisfied"
    assert sc_28_1.counts == {"fail": 1, "pass": 9}
    assert {entry.rule.id for entry in sc_28_1.rules} == {"s3-default-encryption", "aurora-storage-encrypted"}


def test_control_titles_come_from_the_given_catalog(run: GateRun) -> None:
    assert control(run, "NIST-800-53", "rev5", "cp-9").title == "System Backup"


def test_the_gate_fails_only_on_unwaived_mandatory_failures(run: GateRun) -> None:
    assessment = assess(run)
    assert not run.passed
    assert sorted(f.rule_id for f in assessment.blocking) == [
        "eks-private-endpoint", "k8s-no-privileged", "kms-key-rotation", "s3-default-encryption",
    ]  # fmt: skip
    assert len(assessment.advisory_failures) == 3
    assert assessment.expired_waivers == 1


def test_advisory_failures_pass_the_gate_but_not_the_control() -> None:
    findings = [f for f in sample_findings() if not f.blocks]
    run = sample_run(findings)
    assert run.passed
    assert control(run, "CIS-Kubernetes", "1.10.0", "5.2.9").status == "not-satisfied"


def test_a_finding_without_controls_is_mapped_through_its_rule() -> None:
    bare = Finding(
        rule_id=DROP_ALL.id, engine="checkov", status="fail", severity="medium", enforcement="advisory",
        resource="Deployment.campus.x", message="drop is empty",
    )  # fmt: skip
    run = sample_run([bare])
    assert control(run, "NIST-800-53", "rev5", "cm-7").findings == (bare,)


def test_failing_rules_come_most_severe_first_with_their_remediation(run: GateRun) -> None:
    failing = assess(run).failing_rules
    assert [rule.severity for rule in failing] == sorted(
        (rule.severity for rule in failing), key=["critical", "high", "medium", "low"].index
    )
    assert failing[0].rule_id == "k8s-no-privileged"
    assert failing[0].remediation and failing[0].remediation.startswith("Fix:")


def test_stacks_are_listed_with_repository_files_last(run: GateRun) -> None:
    stacks = assess(run).stacks
    assert [s.name for s in stacks] == ["dev", "prod", ""]
    dev = stacks[0]
    assert dev.counts == {"fail": 3, "waived": 1, "pass": 8}
    assert dev.by_engine["crossguard"]["waived"] == 1


def test_control_ids_sort_in_natural_order() -> None:
    ids = ["sc-12", "sc-7", "2.1.10", "2.1.9", "sc-12.2", "ac-6"]
    assert sorted(ids, key=natural_key) == ["2.1.9", "2.1.10", "ac-6", "sc-7", "sc-12", "sc-12.2"]

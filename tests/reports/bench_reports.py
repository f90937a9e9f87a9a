"""Prints how long each report takes for a large run: `python -m tests.reports.bench_reports [N]`."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from campus.findings import Finding, Status
from campus.reports.assessment import assess
from campus.reports.writer import RENDERERS
from tests.reports.reports_sample import RULES, sample_run


def many_findings(count: int) -> list[Finding]:
    """`count` findings over all sample rules and four stacks, one in twenty failing, one in a hundred waived."""
    findings = []
    stacks = ("dev", "staging", "prod", "learner-lab")
    for index in range(count):
        entry = RULES[index % len(RULES)]
        stack = stacks[(index // len(RULES)) % len(stacks)]
        status: Status = "fail" if index % 20 == 0 else "waived" if index % 100 == 1 else "pass"
        finding = Finding.from_rule(
            entry.rule,
            engine=entry.engine,
            status=status,
            resource=f"urn:pulumi:{stack}::campus::aws:s3/bucket:Bucket::bucket-{index}",
            message=f"check {index} {status}",
            stack=stack,
            file=f"apps/service-{index % 40}/base/deployment.yaml" if entry.engine != "crossguard" else None,
            line=(index % 300) + 1,
        )
        if status == "waived":
            finding.waiver = {"owner": "platform-team", "expires": "2027-01-31", "reason": "accepted"}
        findings.append(finding)
    return findings


def main(count: int) -> None:
    run = sample_run(many_findings(count))
    started = time.perf_counter()
    assessment = assess(run)
    print(f"{count} findings: assess {time.perf_counter() - started:.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        total = time.perf_counter() - started
        for name, (relative, render) in RENDERERS.items():
            begin = time.perf_counter()
            content = render(assessment)
            path = Path(folder) / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content if isinstance(content, bytes) else content.encode()
            path.write_bytes(data)
            spent = time.perf_counter() - begin
            total += spent
            print(f"  {name:28} {spent:6.2f} s  {len(data) / 1e6:6.2f} MB")
        print(f"  {'all':28} {total:6.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)

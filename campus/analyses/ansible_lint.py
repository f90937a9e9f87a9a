"""ansible-lint (production profile) over the playbooks, as findings mapped to NIST SP 800-53 controls.

ansible-lint reports through its CodeClimate JSON output: `major` issues are errors of the production profile
(mandatory), `minor` ones are warnings (advisory). Rule ids map to RuleMeta by their family (the part before
`[`); a clean run yields one passing finding so reports show the controls as reviewed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from campus.catalog.yamlfile import check_syntax, read_text
from campus.errors import CampusInputError
from campus.findings import ControlRef, Engine, Finding, RuleMeta, Severity

ENGINE: Engine = "ansible-lint"
PROFILE = "production"


def _nist(*ids: str) -> tuple[ControlRef, ...]:
    return tuple(ControlRef(framework="NIST-800-53", version="rev5", id=control) for control in ids)


_BASELINE = _nist("cm-2", "cm-6")
_ACCESS = _nist("ac-3", "cm-6")
_SECRETS = _nist("ia-5", "cm-6")

# (title, severity, controls, remediation) per rule family.
_FAMILIES: dict[str, tuple[str, Severity, tuple[ControlRef, ...], str]] = {
    "no-log-password": ("Secrets kept out of logs", "high", _SECRETS, "Set `no_log: true` on tasks handling secrets."),
    "risky-file-permissions": (
        "Explicit file permissions",
        "high",
        _ACCESS,
        "Give every file/template/copy task an explicit `mode`.",
    ),
    "risky-octal": ("Unambiguous file modes", "high", _ACCESS, 'Quote octal modes, e.g. `mode: "0644"`.'),
    "partial-become": (
        "Complete privilege escalation",
        "medium",
        _ACCESS,
        "Set `become: true` with every `become_user`.",
    ),
    "no-changed-when": (
        "Idempotent commands",
        "medium",
        _BASELINE,
        "Give command/shell tasks `changed_when` or `creates`.",
    ),
    "no-handler": ("Changes notify handlers", "medium", _BASELINE, "Use handlers instead of `when: x.changed`."),
    "command-instead-of-module": (
        "Modules over commands",
        "medium",
        _BASELINE,
        "Use the module that manages the resource.",
    ),
    "command-instead-of-shell": ("Command over shell", "medium", _BASELINE, "Use `command` unless shell is needed."),
    "risky-shell-pipe": ("Failing pipes fail", "medium", _BASELINE, "Use `set -o pipefail` in piped shell tasks."),
    "package-latest": ("Pinned package state", "medium", _BASELINE, "Install `present` or a pinned version."),
    "latest": ("Pinned sources", "medium", _BASELINE, "Pin versions of git/hg sources."),
}
_DEFAULT_FAMILY = (
    "Playbook style and correctness",
    "low",
    _BASELINE,
    "Fix the reported ansible-lint rule (see its documentation URL).",
)


def rule_meta(rule_id: str) -> RuleMeta:
    """RuleMeta for an ansible-lint rule id such as `no-changed-when` or `yaml[line-length]`."""
    family = rule_id.split("[", 1)[0]
    title, severity, controls, remediation = _FAMILIES.get(family, _DEFAULT_FAMILY)
    return RuleMeta(
        id=f"ansible-lint:{rule_id}",
        title=title,
        description=f"ansible-lint rule `{rule_id}` ({PROFILE} profile).",
        severity=severity,
        enforcement="mandatory",
        remediation=remediation,
        controls=controls,
    )


CLEAN_RUN = RuleMeta(
    id=f"ansible-lint:{PROFILE}",
    title=f"Playbooks pass the ansible-lint {PROFILE} profile",
    description="Every playbook, role and variable file passes ansible-lint's production profile.",
    severity="medium",
    enforcement="mandatory",
    remediation="Run `ansible-lint --offline --profile production playbooks/` and fix what it reports.",
    controls=_BASELINE,
)


def run_ansible_lint(playbooks_dir: Path) -> list[Finding]:
    """Lint `playbooks_dir` with the project's `.ansible-lint` and `ansible.cfg` (found in its parent folder)."""
    if not playbooks_dir.is_dir():
        raise CampusInputError("not a directory", file=str(playbooks_dir), key="playbooks")
    project = playbooks_dir.resolve().parent
    issues = _lint(playbooks_dir.resolve(), project)
    findings = [_finding(issue, project) for issue in issues]
    if not any(f.status == "fail" for f in findings):
        resource = _relative(playbooks_dir.resolve(), project)
        findings.append(
            Finding.from_rule(
                CLEAN_RUN,
                engine=ENGINE,
                status="pass",
                resource=resource,
                message=f"no ansible-lint issues ({PROFILE} profile)",
            )
        )
    return findings


def check_yaml_syntax(playbooks_dir: Path) -> None:
    """Every YAML file below `playbooks_dir` parses: a broken inventory or vars file is bad input (exit 2), where
    ansible-lint would report some of them as findings and skip others."""
    project = playbooks_dir.resolve().parent
    for path in _yaml_files(playbooks_dir):
        shown = _relative(path, project)
        check_syntax(read_text(path, shown), shown)


def _yaml_files(playbooks_dir: Path) -> list[Path]:
    return sorted(p for p in playbooks_dir.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())


def _lint(playbooks_dir: Path, project: Path) -> list[dict[str, Any]]:
    # Given the folder, ansible-lint also syntax-checks each role through a throwaway playbook: one more
    # ansible-playbook process (~1 CPU-s) per role. Given the files, it lints the same files, reports the same
    # issues, and syntax-checks the roles through the playbooks that use them.
    files = [str(f.relative_to(project)) for f in _yaml_files(playbooks_dir)]
    if not files:
        return []
    command = _ansible_lint_command()
    env = {**os.environ, "ANSIBLE_NOCOLOR": "1", "NO_COLOR": "1"}
    if (project / "ansible.cfg").is_file():
        env["ANSIBLE_CONFIG"] = str(project / "ansible.cfg")
    result = subprocess.run(
        [
            *command,
            "--offline",
            "--profile",
            PROFILE,
            "--format",
            "codeclimate",
            "-q",
            "--nocolor",
            *files,
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    # Exit 0: clean; 2: violations listed on stdout; anything else: ansible-lint itself failed.
    issues: object = None
    if result.returncode in (0, 2):
        try:
            issues = json.loads(result.stdout)
        except json.JSONDecodeError:
            issues = None
    if not isinstance(issues, list) or (result.returncode == 2 and not issues):
        last_line = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise CampusInputError(f"ansible-lint failed (exit {result.returncode}): {last_line}", file=str(playbooks_dir))
    return issues


def _ansible_lint_command() -> list[str]:
    # Installed beside this Python, ansible-lint runs with its syntax checks batched (ansible_lint_batched);
    # found elsewhere on PATH, it runs as it is.
    if Path(sys.executable).with_name("ansible-lint").exists():
        return [sys.executable, "-m", "campus.analyses.ansible_lint_batched"]
    found = shutil.which("ansible-lint")
    if found is None:
        raise CampusInputError("ansible-lint is not installed: run `uv sync` (it is a dev dependency)")
    return [found]


def _finding(issue: dict[str, Any], project: Path) -> Finding:
    rule_id = str(issue.get("check_name", "unknown"))
    location = issue.get("location") or {}
    line = (location.get("lines") or {}).get("begin") or ((location.get("positions") or {}).get("begin") or {}).get(
        "line"
    )
    file = str(location.get("path", "")) or None
    finding = Finding.from_rule(
        rule_meta(rule_id),
        engine=ENGINE,
        status="fail",
        resource=f"{file}:{line}" if file and line else (file or rule_id),
        message=str(issue.get("description", rule_id)),
        file=_relative(project / file, project) if file else None,
        line=int(line) if line else None,
    )
    if issue.get("severity") == "minor":  # a warning of the profile: reported, never blocking
        finding.enforcement = "advisory"
    return finding


def _relative(path: Path, project: Path) -> str:
    try:
        return str(path.resolve().relative_to(project))
    except ValueError:
        return str(path)

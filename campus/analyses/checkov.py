"""checkov as one campus analysis: several scans in one checkov process, results as campus findings.

    findings = run_checkov([
        CheckovTarget("kubernetes", Path("out/rendered/dev"), stack="dev"),  # rendered overlays
        CheckovTarget("ansible", Path("playbooks")),
        CheckovTarget("github_actions", Path(".github/workflows")),
        CheckovTarget("secrets", Path(".")),                       # the repo, less SECRETS_SKIP_DIRS
    ])

Kubernetes targets are directories (or files) of rendered YAML, never checkov's kustomize framework: that one
needs kubectl on PATH and silently passes without it. campus's own checks (policies/checkov/checks) run with
the kubernetes scans; `policies/checkov/mapping.yaml` gives each check id its severity, enforcement, controls.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from campus.analyses.checkov_env import TOOL_PROJECT, ScanProcess, checkov_python, run_scans
from campus.analyses.checkov_mapping import load_mapping
from campus.analyses.checkov_results import shown_path, to_finding
from campus.catalog.yamlfile import read_text
from campus.errors import CampusInputError
from campus.findings import Finding, RuleMeta
from campus.manifests import parse_documents

Framework = Literal["kubernetes", "ansible", "github_actions", "secrets"]
FRAMEWORKS: tuple[str, ...] = get_args(Framework)
MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
CUSTOM_CHECKS_DIR = TOOL_PROJECT.parents[1] / "policies" / "checkov" / "checks"
# Relative to a secrets target's path: environments, build output, VCS data and caches are not repo content.
SECRETS_SKIP_DIRS = (
    ".venv",
    "out",
    ".git",
    "tools/checkov/.venv",
    ".cache",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
    "node_modules",
)


@dataclass(frozen=True)
class CheckovTarget:
    """One scan: a checkov framework over a directory, or over only `files` inside it.

    `stack` is copied into the findings (e.g. the environment whose rendered overlays a kubernetes target holds).
    `skip` lists folders or files, relative to `path`, left out (secrets targets also leave out SECRETS_SKIP_DIRS).
    """

    framework: Framework
    path: Path
    files: tuple[Path, ...] | None = None
    stack: str | None = None
    skip: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.framework not in FRAMEWORKS:
            raise CampusInputError(
                f"unknown checkov framework {self.framework!r} (one of {', '.join(FRAMEWORKS)})",
                file=str(self.path),
                key="framework",
            )
        for path in (self.path, *(self.files or ())):
            if not path.exists():
                raise CampusInputError("does not exist", file=str(path), key=f"checkov {self.framework} target")

    def manifest_files(self) -> list[Path]:
        """The files a kubernetes scan reads (checkov's own endings), resolved."""
        if self.framework != "kubernetes":
            return []
        if self.files:
            return [f.resolve() for f in self.files]
        if self.path.is_file():
            return [self.path.resolve()]
        skipped = self.skipped()
        found = (p.resolve() for p in self.path.rglob("*") if p.suffix in MANIFEST_SUFFIXES and p.is_file())
        return sorted(p for p in found if not any(p.is_relative_to(s) for s in skipped))

    def skipped(self) -> list[Path]:
        defaults = SECRETS_SKIP_DIRS if self.framework == "secrets" else ()
        return [self.path.resolve() / relative for relative in (*defaults, *self.skip)]

    def request(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "root": str(self.path.resolve()),
            "files": [str(f.resolve()) for f in self.files] if self.files else None,
            # checkov matches these regexes against absolute paths of folders and files while it walks.
            "skip_paths": [rf"^{re.escape(str(path))}(/|$)" for path in self.skipped()],
        }


def scan_request(targets: list[CheckovTarget]) -> dict[str, Any]:
    return {
        "external_checks_dirs": {"kubernetes": [str(CUSTOM_CHECKS_DIR)]},
        "targets": [target.request() for target in targets],
    }


def run_checkov(
    targets: list[CheckovTarget], *, root: Path | None = None, process: ScanProcess | None = None
) -> list[Finding]:
    """Scan every target in one checkov process (`process` if one was started ahead, see ScanProcess);
    findings name files relative to `root` (default: cwd)."""
    if not targets:
        return []
    shown_root = (root or Path.cwd()).resolve()
    answer = process.scan(scan_request(targets)) if process is not None else run_scans(scan_request(targets))
    for target, result in zip(targets, answer["results"], strict=True):
        if result["parsing_errors"]:
            raise CampusInputError(
                f"checkov could not parse it as {result['framework']}",
                file=shown_path(Path(result["parsing_errors"][0]), shown_root),
            )
        _raise_on_skipped_manifests(target, set(result.get("parsed_files", [])), shown_root)
    mapping = load_mapping()
    return [
        to_finding(record, target.framework, mapping, shown_root, stack=target.stack)
        for target, result in zip(targets, answer["results"], strict=True)
        for record in result["records"]
    ]


def _raise_on_skipped_manifests(target: CheckovTarget, parsed: set[str], shown_root: Path) -> None:
    """checkov skips a manifest it cannot parse without a word; campus's parser names the file and line."""
    for path in target.manifest_files():
        if str(path) not in parsed:
            shown = shown_path(path, shown_root)
            parse_documents(read_text(path, shown), shown)


def checkov_rules() -> list[RuleMeta]:
    """Every mapped checkov check (stock and campus's own) as campus rule metadata."""
    return load_mapping().rules()


def checkov_catalog() -> dict[str, str]:
    """Every check id checkov can report for the four frameworks (campus's own included) -> checkov's name."""
    checks: dict[str, str] = run_scans({"catalog": True, **scan_request([])})["checks"]
    return checks


def checkov_floor_seconds(targets: list[CheckovTarget]) -> float:
    """Wall time of checkov alone over `targets`: one runner process (start-up, import, scans), nothing else.

    The environment is synced first and not timed; the gate's benchmark compares its checkov share to this.
    """
    checkov_python()
    request = scan_request(targets)
    started = time.perf_counter()
    run_scans(request)
    return time.perf_counter() - started


def checkov_cli_commands(targets: list[CheckovTarget]) -> list[list[str]]:
    """The stock checkov CLI run that scans what each target scans: one process per target, as users run it."""
    checkov = str(checkov_python().parent / "checkov")
    commands = []
    for target in targets:
        request = target.request()
        where = [arg for f in request["files"] for arg in ("-f", f)] if request["files"] else ["-d", request["root"]]
        skips = [arg for pattern in request["skip_paths"] for arg in ("--skip-path", pattern)]
        custom = ["--external-checks-dir", str(CUSTOM_CHECKS_DIR)] if target.framework == "kubernetes" else []
        commands.append(
            [
                checkov,
                *where,
                "--framework",
                target.framework,
                *custom,
                *skips,
                "--skip-download",
                "--quiet",
                "--compact",
                "--output",
                "json",
            ]
        )
    return commands

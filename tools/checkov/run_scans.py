"""Run several checkov scans in one process and print their records as JSON.

Runs inside checkov's own environment (tools/checkov/.venv), so checkov's import cost (about 2 s) is paid once
for all scans instead of once per scan. Frameworks named as arguments (e.g. `run_scans.py kubernetes secrets`) are
imported before the request is read, so a caller can start the process early and send the request when its
inputs exist. Reads requests from stdin, one JSON document per line, and answers each with one line:

    {"external_checks_dirs": {"kubernetes": ["/abs/policies/checkov/checks"]},
     "targets": [{"framework": "kubernetes", "root": "/abs/dir", "files": null, "skip_paths": []}]}

and prints {"checkov_version": ..., "results": [{"framework", "root", "records", "parsing_errors",
"parsed_files", "seconds"}]}, one result per target, in order. `{"catalog": true, "external_checks_dirs": ...}`
prints {"checkov_version": ..., "checks": {check id: name}} instead: every id the four frameworks can report.
Nothing here touches the network: the platform integration (the part `--skip-download` turns off) is never
initialised because the framework runners are called directly, not through checkov's CLI.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import pkgutil
import sys
import time
from typing import Any

# checkov forks a worker per file batch by default. Beside campus's own engines on a small machine the forks cost
# ~2 CPU-s more than they save (measured on 2 cores), so scans run in this process unless the caller says otherwise.
os.environ.setdefault("CHECKOV_PARALLELIZATION_TYPE", "none")

from checkov.common.models.enums import CheckResult
from checkov.common.output.record import Record
from checkov.runner_filter import RunnerFilter
from checkov.version import version as checkov_version

RUNNER_MODULES = {
    "kubernetes": "checkov.kubernetes.runner",
    "ansible": "checkov.ansible.runner",
    "github_actions": "checkov.github_actions.runner",
    "secrets": "checkov.secrets.runner",
}

# framework -> (its check registry's module, the package whose modules register its stock checks on import)
CHECK_REGISTRIES = {
    "kubernetes": ("checkov.kubernetes.checks.resource.registry", "checkov.kubernetes.checks.resource"),
    "ansible": ("checkov.ansible.checks.registry", "checkov.ansible.checks"),
    "github_actions": ("checkov.github_actions.checks.registry", "checkov.github_actions.checks"),
}


def _runner(framework: str) -> Any:
    return importlib.import_module(RUNNER_MODULES[framework]).Runner()


def _kubernetes_objects(runner: Any) -> dict[tuple[str, int], dict[str, str]]:
    """(file, start line) -> kind, namespace ("" when unset) and name, as the manifest says them.

    checkov's own resource id puts "default" in place of a missing namespace, which loses that distinction.
    """
    objects: dict[tuple[str, int], dict[str, str]] = {}
    for path, docs in (getattr(runner, "definitions", None) or {}).items():
        for doc in docs:
            metadata = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
            objects[(str(path), doc.get("__startline__"))] = {
                "kind": str(doc.get("kind") or ""),
                "namespace": str(metadata.get("namespace") or ""),
                "name": str(metadata.get("name") or ""),
            }
    return objects


def _record(record: Record, objects: dict[tuple[str, int], dict[str, str]]) -> dict[str, Any]:
    result = record.check_result
    outcome: CheckResult = result["result"]  # type: ignore[assignment]  # typed as a union; records hold a CheckResult
    start = record.file_line_range[0] if record.file_line_range else 0
    return {
        "check_id": record.check_id,
        "check_name": record.check_name,
        "result": outcome.name,
        "suppress_comment": result.get("suppress_comment"),
        "evaluated_keys": result.get("evaluated_keys") or [],
        "file_abs_path": record.file_abs_path,
        "file_line_range": record.file_line_range,
        "resource": record.resource,
        "object": objects.get((str(record.file_abs_path), start)),
    }


def _scan(target: dict[str, Any], external_checks_dirs: list[str] | None) -> dict[str, Any]:
    framework = target["framework"]
    started = time.perf_counter()
    runner_filter = RunnerFilter(
        framework=[framework],
        excluded_paths=target.get("skip_paths") or [],
        show_progress_bar=False,
    )
    runner = _runner(framework)
    reports = runner.run(
        root_folder=None if target.get("files") else target["root"],
        files=target.get("files") or None,
        external_checks_dir=external_checks_dirs,
        runner_filter=runner_filter,
    )
    objects = _kubernetes_objects(runner) if framework == "kubernetes" else {}
    records: list[dict[str, Any]] = []
    parsing_errors: list[str] = []
    for report in reports if isinstance(reports, list) else [reports]:
        for record in [*report.failed_checks, *report.passed_checks, *report.skipped_checks]:
            records.append(_record(record, objects))
        parsing_errors.extend(report.parsing_errors)
    return {
        "framework": framework,
        "root": target["root"],
        "records": records,
        "parsing_errors": sorted(parsing_errors),
        # Files checkov read objects from; a kubernetes file missing here was skipped (checkov says nothing).
        "parsed_files": sorted({path for path, _ in objects}),
        "seconds": round(time.perf_counter() - started, 4),
    }


def _catalog(external_checks_dirs: dict[str, list[str]]) -> dict[str, str]:
    """Every check id the supported frameworks can report (stock and external), with checkov's name for it."""
    from checkov.common.checks_infra.registry import get_graph_checks_registry
    from checkov.secrets.runner import SECRET_TYPE_TO_ID

    checks = {check_id: name for name, check_id in SECRET_TYPE_TO_ID.items()}
    for framework, (registry_module, checks_package) in CHECK_REGISTRIES.items():
        package = importlib.import_module(checks_package)
        for module in pkgutil.walk_packages(package.__path__, f"{checks_package}."):
            importlib.import_module(module.name)
        registry = importlib.import_module(registry_module).registry
        graph_registry = get_graph_checks_registry(framework)
        graph_registry.load_checks()
        for directory in external_checks_dirs.get(framework, []):
            registry.load_external_checks(directory)
            graph_registry.load_external_checks(directory)
        checks.update({check.id: check.name for _, check in registry.all_checks()})
        checks.update({check.id: check.name for check in graph_registry.checks})
    return dict(sorted(checks.items()))


def _answer(request: dict[str, Any], loaded: set[str]) -> dict[str, Any]:
    if request.get("catalog"):
        return {"checkov_version": checkov_version, "checks": _catalog(request.get("external_checks_dirs") or {})}
    unknown = sorted({t["framework"] for t in request["targets"]} - RUNNER_MODULES.keys())
    if unknown:
        raise ValueError(f"unsupported checkov framework(s): {', '.join(unknown)}")
    external_checks_dirs: dict[str, list[str]] = request.get("external_checks_dirs") or {}
    results = []
    for target in request["targets"]:
        framework = target["framework"]
        # checkov's check registries are process-global: a folder loaded twice registers its checks twice.
        external = None if framework in loaded else external_checks_dirs.get(framework)
        if external:
            loaded.add(framework)
        results.append(_scan(target, external))
    return {"checkov_version": checkov_version, "results": results}


def main() -> int:
    # checkov logs warnings (e.g. about files it cannot parse) to stderr; stdout carries only the JSON answers.
    logging.basicConfig(stream=sys.stderr, level=logging.ERROR)
    unknown = sorted(set(sys.argv[1:]) - RUNNER_MODULES.keys())
    if unknown:
        print(f"unsupported checkov framework(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    for framework in sys.argv[1:]:
        importlib.import_module(RUNNER_MODULES[framework])
    loaded: set[str] = set()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = _answer(json.loads(line), loaded)
        except ValueError as err:
            print(str(err), file=sys.stderr)
            return 2
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())

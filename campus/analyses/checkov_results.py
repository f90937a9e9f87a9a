"""checkov's records (as tools/checkov/run_scans.py prints them) turned into campus findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from campus.analyses.checkov_mapping import CheckovMapping
from campus.findings import Finding, Status
from campus.manifests import Manifest

# An inline skip (`# checkov:skip=ID: reason`, a `checkov.io/skipN` annotation) has no owner and no expiry, so it
# waives nothing: the finding fails, says so, and is waived only by an entry in policies/waivers.yaml.
STATUS_BY_RESULT: dict[str, Status] = {"FAILED": "fail", "PASSED": "pass", "SKIPPED": "fail"}


def shown_path(path: Path, root: Path) -> str:
    """A path as findings show it: relative to `root` when inside it."""
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _kubernetes_resource(record: dict[str, Any], shown: str) -> str:
    identity = record.get("object")
    if identity is None:
        # Only checkov's own id is left: `Kind.namespace.name`, names may hold dots.
        kind, _, rest = str(record["resource"]).partition(".")
        namespace, _, name = rest.partition(".")
        identity = {"kind": kind, "namespace": namespace, "name": name}
    doc = {"kind": identity["kind"], "metadata": {"namespace": identity["namespace"], "name": identity["name"]}}
    return Manifest(doc=doc, file=shown).resource_id


def to_finding(
    record: dict[str, Any], framework: str, mapping: CheckovMapping, root: Path, *, stack: str | None = None
) -> Finding:
    shown = shown_path(Path(record["file_abs_path"]), root)
    line_range = record.get("file_line_range") or []
    start = int(line_range[0]) if line_range else None
    in_manifest = framework == "kubernetes"
    resource = _kubernetes_resource(record, shown) if in_manifest else f"{shown}#{record['resource']}"
    status = STATUS_BY_RESULT[record["result"]]
    rule = mapping.rule(record["check_id"], record.get("check_name"))
    message = record.get("check_name") or rule.title
    if status == "fail" and record.get("evaluated_keys"):
        message = f"{message} ({', '.join(record['evaluated_keys'])})"
    if record["result"] == "SKIPPED":
        reason = (record.get("suppress_comment") or "").strip() or "none given"
        message = (f"{message} — an inline checkov skip is not a waiver (its reason: {reason}); "
                   "add an owned, dated waiver to policies/waivers.yaml or fix it")
    finding = Finding.from_rule(
        rule, engine="checkov", status=status, resource=resource, message=message, file=shown, line=start,
        stack=stack,
    )
    return finding

"""CG-IAM-006 accepts a role bound through an EKS add-on's serviceAccountRoleArn — once, not twice."""

from __future__ import annotations

import json
from pathlib import Path

from campus.analyses.crossguard import run_pack
from campus.analyses.crossguard_fixtures import FIXTURES_DIR, fixture_graph


def addon_fixture(tmp_path: Path, addons: int) -> Path:
    base = json.loads((FIXTURES_DIR / "CG-IAM-006" / "pass.json").read_text())
    role = base["resources"][0]
    role["inputs"]["assumeRolePolicy"] = role["inputs"]["assumeRolePolicy"].replace(
        "system:serviceaccount:tutor:tutor-api", "system:serviceaccount:kube-system:aws-node")
    resources = [role] + [{
        "type": "aws:eks/addon:Addon", "name": f"vpc-cni-{i}",
        "inputs": {"addonName": "vpc-cni", "clusterName": "c", "serviceAccountRoleArn": role["outputs"]["arn"]},
        "propertyDependencies": {"serviceAccountRoleArn": [role["name"]]}} for i in range(addons)]
    path = tmp_path / f"addons-{addons}.json"
    path.write_text(json.dumps({"description": "role bound through add-ons", "resources": resources}))
    return path


def verdicts(path: Path) -> set[str]:
    return {f.status for f in run_pack(fixture_graph(path)) if f.rule_id == "CG-IAM-006"}


def test_role_bound_through_one_addon_passes(tmp_path: Path) -> None:
    assert verdicts(addon_fixture(tmp_path, 1)) == {"pass"}


def test_role_shared_by_two_addons_fails(tmp_path: Path) -> None:
    assert "fail" in verdicts(addon_fixture(tmp_path, 2))

"""campus.analyses.ansible_lint: the playbooks pass the production profile; violations become mapped findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from campus.analyses.ansible_lint import check_yaml_syntax, rule_meta, run_ansible_lint
from campus.errors import CampusInputError
from campus.findings import ControlRef
from tests.ansible.playbook_runner import PLAYBOOKS

pytestmark = pytest.mark.slow
NIST_CM_6 = ControlRef(framework="NIST-800-53", version="rev5", id="cm-6")


def test_project_playbooks_are_production_clean() -> None:
    findings = run_ansible_lint(PLAYBOOKS)

    assert [f.status for f in findings] == ["pass"], [f.message for f in findings]
    assert findings[0].resource == "playbooks"
    assert NIST_CM_6 in findings[0].controls


def test_violations_become_mapped_findings(tmp_path: Path) -> None:
    playbooks = tmp_path / "playbooks"
    playbooks.mkdir()
    (playbooks / "site.yml").write_text(
        "---\n"
        "- name: Sloppy\n"
        "  hosts: all\n"
        "  tasks:\n"
        "    - name: Run something\n"
        "      ansible.builtin.command: /bin/true\n"
        "    - name: Write a file\n"
        "      ansible.builtin.copy:\n"
        "        content: x\n"
        "        dest: /tmp/x\n"
    )

    findings = {f.rule_id: f for f in run_ansible_lint(playbooks)}

    changed = findings["ansible-lint:no-changed-when"]
    assert (changed.status, changed.severity, changed.enforcement) == ("fail", "medium", "mandatory")
    assert (changed.file, changed.line) == ("playbooks/site.yml", 5)
    assert ControlRef(framework="NIST-800-53", version="rev5", id="cm-2") in changed.controls
    permissions = findings["ansible-lint:risky-file-permissions"]
    assert permissions.severity == "high"
    assert ControlRef(framework="NIST-800-53", version="rev5", id="ac-3") in permissions.controls
    assert "ansible-lint:production" not in findings


def test_unknown_rules_fall_back_to_configuration_controls() -> None:
    meta = rule_meta("yaml[line-length]")
    assert meta.severity == "low" and NIST_CM_6 in meta.controls


def test_missing_directory_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(CampusInputError, match=r"nope: playbooks: not a directory"):
        run_ansible_lint(tmp_path / "nope")


@pytest.mark.parametrize("broken", ["inventories/lab.yml", "group_vars/all/main.yml", "site.yml"])
def test_a_yaml_file_that_does_not_parse_is_bad_input(tmp_path: Path, broken: str) -> None:
    playbooks = tmp_path / "playbooks"
    (playbooks / broken).parent.mkdir(parents=True, exist_ok=True)
    (playbooks / "vault.yml").write_text("secret: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6162\n")  # tags are fine
    (playbooks / broken).write_text("all:\n  hosts: [lab\n")
    with pytest.raises(CampusInputError, match=rf"^playbooks/{broken}: line 3: malformed YAML"):
        check_yaml_syntax(playbooks)

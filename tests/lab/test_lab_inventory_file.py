"""campus.lab.inventory_file accepts what Ansible's enabled inventory plugins read (checked by hand against
`ansible-inventory --list` with the project's ansible.cfg); the refusals are in test_lab_configure.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from campus.lab.inventory_file import check_inventory, check_playbook

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "hosts.yml",
            "all:\n  children:\n    web:\n      hosts:\n        web[01:03]:\n          x: 1\n"
            "    db:\n      hosts: dbhost\n  vars:\n    a: b\n",
        ),
        ("hosts.yaml", "all:\n  hosts:\n    a:\n      pw: !vault |\n        $ANSIBLE_VAULT;1.1;AES256\n        6162\n"),
        ("hosts.yml", 'all:\n  hosts:\n    a:\n      pw: !unsafe "{{ x }}"\n'),
        ("hosts.yml", 'all:\n  hosts:\n    "[2001:db8::1]:22":\n    "fe80::1":\n    host.example:2222:\n'),
        ("hosts.yml", "all:\n  vars: &v\n    a: 1\n  hosts:\n    a:\n      <<: *v\n"),
        ("hosts.yml", "all:\n  children:\n    web: &g\n      hosts:\n        a:\n    db: *g\n"),  # an alias, not a loop
        ("hosts.yml", "plugin:\nall:\n  hosts:\n    a:\n"),  # an empty `plugin` is a group, as in Ansible
        ("hosts.json", '{"all": {"hosts": {"a": {"x": 1}}}}\n'),
        ("hosts.json", '{\n\t"all": {\n\t\t"hosts": {"a": null}\n\t}\n}\n'),  # JSON, but not YAML (tabs)
        ("hosts.ini", "[web]\nweb[1:3] ansible_port=22\nhost:2222\n\n[db]\ndb1 # comment\n\n[all:vars]\nx=1\n"),
        ("hosts.ini", "[prod:children]\nweb\n[web]\nh1\n"),  # a child group may be defined after its parent
        ("hosts.ini", "[g]\nweb[a:c]\nh[1:3]x[a:b]\n"),
        ("hosts", "all:\n  hosts:\n    a:\n"),  # without an extension Ansible tries YAML, then INI
        ("hosts", "[web]\na\n"),
        ("learner-lab.aws_ec2.yml", "plugin: amazon.aws.aws_ec2\nregions: [us-east-1]\n"),
    ],
)
def test_inventories_ansible_reads_pass(tmp_path: Path, name: str, text: str) -> None:
    inventory = tmp_path / name
    inventory.write_text(text)

    check_inventory(inventory)


def test_the_projects_own_aws_ec2_inventory_and_playbooks_pass() -> None:
    check_inventory(REPO_ROOT / "playbooks" / "inventories" / "learner-lab.aws_ec2.yml")
    for playbook in sorted((REPO_ROOT / "playbooks").glob("*.yml")):
        check_playbook(playbook)

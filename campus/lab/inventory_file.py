"""Check the inventory and playbook `campus lab configure` hands to ansible-playbook, before Ansible starts.

Ansible reports a bad inventory in a dozen lines (one per inventory plugin it tried) and a bad playbook with exit
code 4; these checks stop first with one line naming the file and the line. They follow what the inventory plugins
enabled in ansible.cfg accept — ansible.builtin.yaml, ansible.builtin.ini and amazon.aws.aws_ec2 — and are a little
stricter where Ansible would only warn and skip part of the file (a group that is not a mapping, an unknown key in
a group, a duplicate key, an inventory without hosts): run on such a file, the play would silently miss hosts.
"""

from __future__ import annotations

import json
import re
import shlex
import string
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import yaml

from campus.catalog.yamlfile import TOO_DEEP, recursive_node
from campus.errors import CampusInputError

# ansible.builtin.yaml reads these (its default `yaml_extensions`); a file without an extension may be YAML or INI.
YAML_SUFFIXES = (".yml", ".yaml", ".json")
# amazon.aws.aws_ec2 reads only files named so (playbooks/inventories/learner-lab.aws_ec2.yml is one).
AWS_EC2_FILE_ENDINGS = ("aws_ec2.yml", "aws_ec2.yaml")
AWS_EC2_PLUGINS = frozenset({"amazon.aws.aws_ec2", "aws_ec2"})
GROUP_SECTIONS = ("hosts", "children", "vars")

_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
# ansible.builtin.ini's own patterns for a section header and a group name.
_INI_SECTION = re.compile(r"^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:\#.*)?$")
_INI_GROUP_NAME = re.compile(r"^([^:\]\s]+)\s*(?:\#.*)?$")


class _Problem(Exception):
    """A problem at a 1-based line of the file being checked (None when the line is unknown)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _fail(path: Path, problem: _Problem) -> CampusInputError:
    return CampusInputError(problem.message, file=str(path), key=f"line {problem.line}" if problem.line else None)


def _read_text(path: Path, *, flag: str, missing: str) -> str:
    if path.is_dir():
        raise CampusInputError("is a folder; pass the file in it", file=str(path), key=flag)
    if not path.is_file():
        raise CampusInputError(missing, file=str(path), key=flag)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CampusInputError(f"cannot read the file ({err.strerror or err})", file=str(path), key=flag) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise CampusInputError(
            f"not UTF-8 text (byte 0x{data[err.start]:02x})", file=str(path), key=f"line {line}"
        ) from None


# --- YAML -----------------------------------------------------------------------------------------------------


def _line(node: yaml.Node | None) -> int | None:
    mark = None if node is None else node.start_mark
    return None if mark is None else mark.line + 1


def _compose(text: str) -> yaml.Node | None:
    """The YAML document as nodes (so each keeps its line), without building values: Ansible's own tags, such as
    !vault and !unsafe, need no constructor here."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise _Problem(f"malformed YAML ({problem})", None if mark is None else mark.line + 1) from None
    except RecursionError:
        raise _Problem(TOO_DEEP, None) from None
    recursive = None if root is None else recursive_node(root)
    if recursive is not None:
        raise _Problem("malformed YAML (recursive alias: a node contains itself)", _line(recursive))
    return root


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG


_SCALAR_KINDS = {"str": "a string", "int": "a number", "float": "a number", "bool": "a boolean", "null": "nothing"}


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = str(node.tag).rsplit(":", 1)[-1]
    return f"{_SCALAR_KINDS.get(tag, tag)} ({node.value!r})"


def _items(node: yaml.MappingNode, where: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
    """(key, key node, value node) of a mapping whose keys must be unique strings."""
    seen: dict[str, int | None] = {}
    items: list[tuple[str, yaml.Node, yaml.Node]] = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR_TAG:
            raise _Problem(f"{where}: a name must be a string, found {_kind(key_node)} (quote it)", _line(key_node))
        key = str(key_node.value)
        if key in seen:
            raise _Problem(f"{where}: duplicate key {key!r}, first on line {seen[key]}", _line(key_node))
        seen[key] = _line(key_node)
        items.append((key, key_node, value_node))
    return items


def _host_range_problem(pattern: str) -> str | None:
    """What Ansible's host range expansion (`web[01:10]`, `db-[a:f]`) would refuse in `pattern`, if anything."""
    written = pattern
    port = re.fullmatch(r"(.*[^:]):(\d+)", pattern)
    if port and (":" not in port.group(1) or port.group(1).endswith("]")):
        pattern = port.group(1)
    if re.fullmatch(r"\[[0-9A-Fa-f:.]+\]", pattern):  # a bracketed IPv6 address, not a range
        return None
    while "[" in pattern:
        parts = pattern.replace("[", "|", 1).replace("]", "|", 1).split("|")
        if len(parts) != 3:
            return f"host pattern {written!r} has an unclosed range: use name[begin:end]"
        head, bounds_text, tail = parts
        bounds = bounds_text.split(":")
        if len(bounds) not in (2, 3):
            return f"host range [{bounds_text}] must be begin:end or begin:end:step"
        begin, end = bounds[0] or "0", bounds[1]
        step = bounds[2] if len(bounds) == 3 else "1"
        if not end:
            return f"host range [{bounds_text}] must give an end value"
        if begin[0] == "0" and len(begin) > 1 and len(begin) != len(end):
            return f"host range [{bounds_text}]: zero-padded begin and end must have the same length"
        try:
            if begin in string.ascii_letters and end in string.ascii_letters:
                if string.ascii_letters.index(begin) > string.ascii_letters.index(end):
                    return f"host range [{bounds_text}] must have begin <= end"
                range(0, 1, int(step))
            else:
                range(int(begin), int(end) + 1, int(step))
        except ValueError:
            return f"host range [{bounds_text}] must use numbers or single letters and a non-zero whole step"
        pattern = head + begin + tail
    return None


def _ini_host_pattern_problem(pattern: str) -> str | None:
    """ansible.builtin.ini's own checks on a host pattern, then the range check every inventory plugin makes."""
    stripped = pattern.strip()
    if stripped.endswith(":"):
        return f"invalid host pattern {pattern!r}: a ':' must be followed by a port"
    if stripped == "---":
        return "invalid host pattern '---' (is this YAML in a file Ansible reads as INI?)"
    return _host_range_problem(stripped)


def _check_yaml_group(name: str, node: yaml.Node, where: str) -> int:
    """The number of host entries under group `name` (its value `node`) and its children."""
    if _is_null(node):
        return 0
    if not isinstance(node, yaml.MappingNode):
        raise _Problem(
            f"{where}: group {name!r} must be a mapping of hosts, children and vars, found {_kind(node)}", _line(node)
        )
    hosts = 0
    for key, key_node, value in _items(node, where):
        inner = f"{where}.{key}"
        if key not in GROUP_SECTIONS:
            raise _Problem(
                f"{where}: unexpected key {key!r} in group {name!r} (only hosts, children and vars)", _line(key_node)
            )
        if isinstance(value, yaml.ScalarNode) and value.tag == _STR_TAG:
            # Ansible reads `hosts: web1` as `hosts: {web1: null}`.
            if key == "hosts":
                problem = _host_range_problem(str(value.value))
                if problem:
                    raise _Problem(f"{inner}: {problem}", _line(value))
            hosts += key == "hosts"
            continue
        if _is_null(value):
            continue
        if not isinstance(value, yaml.MappingNode):
            raise _Problem(f"{inner}: must be a mapping, found {_kind(value)}", _line(value))
        if key == "children":
            for child, _, child_node in _items(value, inner):
                hosts += _check_yaml_group(child, child_node, f"{inner}.{child}")
        elif key == "hosts":
            for host, host_key, host_vars in _items(value, inner):
                problem = _host_range_problem(host)
                if problem:
                    raise _Problem(f"{inner}: {problem}", _line(host_key))
                if not (_is_null(host_vars) or isinstance(host_vars, yaml.MappingNode)):
                    raise _Problem(
                        f"{inner}.{host}: host variables must be a mapping, found {_kind(host_vars)}", _line(host_vars)
                    )
                hosts += 1
        else:
            _items(value, inner)
    return hosts


def _plugin_name(root: yaml.MappingNode) -> tuple[str, yaml.Node] | None:
    for key_node, value_node in root.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == "plugin" and not _is_null(value_node):
            return (str(value_node.value) if isinstance(value_node, yaml.ScalarNode) else "?"), value_node
    return None


def _check_yaml_inventory(root: yaml.Node | None, path: Path) -> None:
    if root is None or _is_null(root) or (isinstance(root, yaml.MappingNode) and not root.value):
        raise _Problem("the inventory is empty; generate it with `campus lab inventory`", None)
    if not isinstance(root, yaml.MappingNode):
        raise _Problem(
            f"a YAML inventory must be a mapping of group names (such as `all:`), found {_kind(root)}", _line(root)
        )
    plugin = _plugin_name(root)
    if plugin is not None:
        name, node = plugin
        if name in AWS_EC2_PLUGINS and path.name.endswith(AWS_EC2_FILE_ENDINGS):
            return  # amazon.aws.aws_ec2 reads it; what it finds depends on AWS, not on this file
        if name in AWS_EC2_PLUGINS:
            raise _Problem(
                f"plugin {name}: amazon.aws.aws_ec2 reads only files named *{AWS_EC2_FILE_ENDINGS[0]} "
                f"or *{AWS_EC2_FILE_ENDINGS[1]}",
                _line(node),
            )
        raise _Problem(
            f"plugin {name!r} is not enabled in ansible.cfg (amazon.aws.aws_ec2 is the only inventory plugin)",
            _line(node),
        )
    hosts = sum(_check_yaml_group(name, node, name) for name, _, node in _items(root, "inventory"))
    if hosts == 0:
        raise _Problem("the inventory names no hosts; generate it with `campus lab inventory`", None)


def _json_root(text: str) -> yaml.Node | None:
    """Ansible reads a .json inventory as JSON first: a JSON text that is not also YAML (tabs) is checked without
    its lines."""
    try:
        data = json.loads(text)
        dumper = yaml.SafeDumper(StringIO())
        try:
            node: yaml.Node = dumper.represent_data(data)
        finally:
            dumper.dispose()
    except RecursionError:
        raise _Problem(TOO_DEEP, None) from None
    return node


# --- INI ------------------------------------------------------------------------------------------------------


@dataclass
class _Pending:
    """A group the INI file refers to before defining it (ansible.builtin.ini's `pending_declarations`)."""

    line: int
    state: str
    parents: list[str] = field(default_factory=list)


def _check_ini_inventory(text: str) -> None:
    """Follows ansible.builtin.ini: sections, host lines, `key=value` lines and groups referenced but never
    defined."""
    groups = {"all", "ungrouped"}
    pending: dict[str, _Pending] = {}
    group, state, hosts = "ungrouped", "hosts", 0

    def add_pending_children(name: str) -> None:
        for parent in pending[name].parents:
            if parent in pending and pending[parent].state == "children":
                add_pending_children(parent)
        del pending[name]

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line[0] in ";#":
            continue
        section = _INI_SECTION.match(line)
        if section:
            # Group names are kept as written: ansible.cfg leaves TRANSFORM_INVALID_GROUP_CHARS at `never`.
            group, state = section.group(1), section.group(2) or "hosts"
            if state not in GROUP_SECTIONS:
                raise _Problem(
                    f"section [{section.group(1)}:{state}] has an unknown type (use hosts, children or vars)", number
                )
            if group not in groups:
                if state == "vars" and group not in pending:
                    pending[group] = _Pending(number, state)
                groups.add(group)
            if group in pending and state != "vars":
                if pending[group].state == "children":
                    add_pending_children(group)
                else:
                    del pending[group]
            continue
        if line.startswith("[") and line.endswith("]"):
            raise _Problem(f"invalid section {line!r}: no spaces or other invalid characters in a group name", number)
        if state == "hosts":
            try:
                tokens = shlex.split(line, comments=True)
            except ValueError as err:
                raise _Problem(f"cannot read the host line ({err})", number) from None
            if not tokens:
                continue
            problem = _ini_host_pattern_problem(tokens[0])
            if problem:
                raise _Problem(problem, number)
            for token in tokens[1:]:
                if "=" not in token:
                    raise _Problem(f"expected key=value host variables after the host name, got {token!r}", number)
            hosts += 1
        elif state == "vars":
            if "=" not in line:
                raise _Problem(f"expected key=value in [{group}:vars], got {line!r}", number)
        else:
            child = _INI_GROUP_NAME.match(line)
            if not child:
                raise _Problem(f"expected a group name in [{group}:children], got {line!r}", number)
            if child.group(1) not in groups:
                pending.setdefault(child.group(1), _Pending(number, "children")).parents.append(group)
    for name, declared in pending.items():
        if declared.state == "vars":
            raise _Problem(f"section [{name}:vars] is for a group that is never defined", declared.line)
        raise _Problem(
            f"section [{declared.parents[-1]}:children] includes the undefined group {name!r}", declared.line
        )
    if hosts == 0:
        raise _Problem("the inventory names no hosts; generate it with `campus lab inventory`", None)


# --- entry points ---------------------------------------------------------------------------------------------


def check_inventory(path: Path, *, flag: str = "--inventory") -> None:
    """Raises CampusInputError, naming `path` and the line, for an inventory Ansible would refuse or half-read."""
    text = _read_text(path, flag=flag, missing="inventory not found; generate it with `campus lab inventory`")
    suffix = path.suffix
    try:
        if suffix == ".toml":
            raise _Problem("TOML inventories are not enabled in ansible.cfg; use YAML or INI", None)
        if suffix in YAML_SUFFIXES:
            try:
                root = _compose(text)
            except _Problem as yaml_problem:
                if suffix != ".json":
                    raise
                try:
                    root = _json_root(text)
                except ValueError:
                    raise yaml_problem from None
            _check_yaml_inventory(root, path)
        elif suffix == "":
            # ansible.builtin.yaml tries a file without an extension first, then ansible.builtin.ini.
            try:
                root = _compose(text)
            except _Problem:
                root = None
            if isinstance(root, yaml.MappingNode):
                _check_yaml_inventory(root, path)
            else:
                _check_ini_inventory(text)
        else:
            _check_ini_inventory(text)
    except _Problem as problem:
        raise _fail(path, problem) from None


def check_playbook(path: Path, *, flag: str = "--playbook") -> None:
    """Raises CampusInputError, naming `path` and the line, for a playbook that is not a YAML list of plays."""
    text = _read_text(path, flag=flag, missing="playbook not found")
    try:
        root = _compose(text)
        if root is None or _is_null(root) or (isinstance(root, yaml.SequenceNode) and not root.value):
            raise _Problem("the playbook is empty: it must be a list of plays", None)
        if not isinstance(root, yaml.SequenceNode):
            raise _Problem(f"a playbook must be a list of plays, found {_kind(root)}", _line(root))
        for index, play in enumerate(root.value):
            if not isinstance(play, yaml.MappingNode):
                raise _Problem(
                    f"play {index + 1} must be a mapping (a play or import_playbook), found {_kind(play)}", _line(play)
                )
    except _Problem as problem:
        raise _fail(path, problem) from None

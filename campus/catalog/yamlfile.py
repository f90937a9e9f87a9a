"""Read a YAML data file into a pydantic model; any problem becomes one line naming the file and key."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.constructor import ConstructorError, SafeConstructor

from campus.errors import CampusInputError

M = TypeVar("M", bound=BaseModel)
_MERGE_TAG = "tag:yaml.org,2002:merge"
TOO_DEEP = "nested too deeply"
# libyaml composes nodes by C recursion, which crashes the process (no RecursionError) somewhere past 20,000
# levels. A text whose nesting could exceed this bound is parsed by the pure-Python loader instead, which stops
# with a RecursionError far earlier.
_FAST_MAX_DEPTH = 2000


def recursive_node(root: yaml.Node) -> yaml.Node | None:
    """A collection node that contains itself through an alias (`a: &a [*a]`), if any; iterative, so depth is no
    limit."""
    on_path: set[int] = set()
    done: set[int] = set()

    def children(node: yaml.Node) -> Iterator[yaml.Node]:
        if isinstance(node, yaml.SequenceNode):
            yield from node.value
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                yield key
                yield value

    stack: list[tuple[yaml.Node, Iterator[yaml.Node]]] = [(root, children(root))]
    on_path.add(id(root))
    while stack:
        node, pending = stack[-1]
        child = next(pending, None)
        if child is None:
            stack.pop()
            on_path.discard(id(node))
            done.add(id(node))
            continue
        if not isinstance(child, yaml.CollectionNode) or id(child) in done:
            continue
        if id(child) in on_path:
            return child
        on_path.add(id(child))
        stack.append((child, children(child)))
    return None


class _Strict(SafeConstructor):
    """Rejects duplicate mapping keys (plain PyYAML lets the last one win) and a node that contains itself through
    an alias (no data file means an infinite structure), and reports a value it cannot build, such as the date
    2027-13-45, as a YAML error at that value's line."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)  # type: ignore[call-arg]  # the loader's own __init__, through the MRO
        # A text without `*` holds no alias, so there is no cycle to look for.
        self.aliases_possible = not isinstance(stream, str) or "*" in stream

    def construct_document(self, node: yaml.Node) -> Any:
        recursive = recursive_node(node) if self.aliases_possible else None
        if recursive is not None:
            raise ConstructorError(None, None, "recursive alias: a node contains itself",
                                   recursive.start_mark)
        return super().construct_document(node)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError) as err:
            kind = str(node.tag).rsplit(":", 1)[-1]
            shown = f" {node.value!r}" if isinstance(node, yaml.ScalarNode) else ""
            raise ConstructorError(None, None, f"invalid {kind}{shown}: {err}", node.start_mark) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            first_line: dict[Any, int] = {}
            for key_node, _ in node.value:
                # Merge keys (<<) may be overridden on purpose; only keys written out must be unique.
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
                    continue
                key = self.construct_object(key_node)
                if key in first_line:
                    raise ConstructorError(None, None, f"duplicate key {key!r}, first on line {first_line[key]}",
                                           key_node.start_mark)
                first_line[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)


class StrictLoader(_Strict, yaml.SafeLoader):
    pass


class FastStrictLoader(_Strict, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser where installed: several times faster, but its error messages are worded differently."""


def read_text(path: Path, shown: str | None = None) -> str:
    """A UTF-8 text file; an unreadable or undecodable file is bad input naming it."""
    name = shown or str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CampusInputError(f"cannot read the file ({err.strerror or err})", file=name) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise CampusInputError(f"not UTF-8 text (byte 0x{data[err.start]:02x})", file=name,
                               key=f"line {line}") from None


def yaml_error(err: yaml.YAMLError, file: str) -> CampusInputError:
    mark = getattr(err, "problem_mark", None)
    where = f"line {mark.line + 1}" if mark is not None else None
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    return CampusInputError(f"malformed YAML ({problem})", file=file, key=where)


def _may_nest_deeper_than(text: str, depth: int) -> bool:
    """A cheap upper bound on the nesting of `text`: every flow level opens a bracket, and every two block levels
    indent at least one more column (a sequence may sit at its key's column, nothing else may)."""
    flow = text.count("[") + text.count("{")
    if flow > depth:
        return True
    widest = max(map(len, text.splitlines()), default=0)
    return flow + 2 * widest + 2 > depth


def parse_yaml(text: str, file: str, fast: bool = False) -> Any:
    """One YAML document; `file` names it in errors. `fast`: with libyaml, where installed."""
    if fast and _may_nest_deeper_than(text, _FAST_MAX_DEPTH):
        fast = False
    loader_class: Any = FastStrictLoader if fast else StrictLoader  # mypy cannot see libyaml's constructor
    loader = loader_class(text)
    with _reported(loader, file):
        return loader.get_single_data()


def parse_yaml_documents(text: str, file: str) -> Iterator[tuple[Any, int]]:
    """Every document of a multi-document YAML text with the line it starts on."""
    loader = StrictLoader(text)
    with _reported(loader, file):
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                yield loader.construct_document(node), node.start_mark.line + 1


def check_syntax(text: str, file: str) -> None:
    """The text parses as YAML (every document); tags such as Ansible's `!vault` are not resolved."""
    loader = yaml.SafeLoader(text)
    with _reported(loader, file):
        while loader.check_node():
            loader.get_node()


@contextmanager
def _reported(loader: Any, file: str) -> Iterator[None]:
    """A loader's YAML errors and runaway nesting as one line naming `file`; the loader is disposed of."""
    try:
        yield
    except yaml.YAMLError as err:
        raise yaml_error(err, file) from None
    except RecursionError:
        raise CampusInputError(TOO_DEEP, file=file) from None
    finally:
        loader.dispose()


def read_yaml(path: Path, shown: str | None = None, fast: bool = False) -> Any:
    name = shown or str(path)
    if not path.is_file():
        raise CampusInputError("file not found", file=name)
    return parse_yaml(read_text(path, name), name, fast)


def parse_json(text: str, file: str) -> Any:
    """A JSON document; malformed or too deeply nested JSON is bad input naming `file` (and the line)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise CampusInputError(f"malformed JSON ({err.msg})", file=file, key=f"line {err.lineno}") from None
    except RecursionError:
        raise CampusInputError(TOO_DEEP, file=file) from None


def read_json(path: Path, shown: str | None = None) -> Any:
    name = shown or str(path)
    if not path.is_file():
        raise CampusInputError("file not found", file=name)
    return parse_json(read_text(path, name), name)


def key_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if part == "[key]":  # pydantic's marker for a mapping key that failed (the key itself comes before it)
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def first_error(err: ValidationError, file: str, prefix: str = "") -> CampusInputError:
    detail = err.errors()[0]
    loc = key_path(tuple(detail["loc"]))
    key = f"{prefix}{'.' if prefix and loc else ''}{loc}" or None
    message = detail["msg"]
    if detail["type"] == "extra_forbidden":
        message = "unknown key"
    return CampusInputError(message, file=file, key=key)


def load_model(model: type[M], path: Path, shown: str | None = None) -> M:
    data = read_yaml(path, shown)
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as err:
        raise first_error(err, shown or str(path)) from None

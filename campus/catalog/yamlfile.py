"""Read a YAML data file into a pydantic model; any problem becomes one line naming the file and key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.constructor import ConstructorError, SafeConstructor

from campus.errors import CampusInputError

M = TypeVar("M", bound=BaseModel)
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _Strict(SafeConstructor):
    """Rejects duplicate mapping keys (plain PyYAML lets the last one win) and reports a value it cannot build,
    such as the date 2027-13-45, as a YAML error at that value's line."""

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


def parse_yaml(text: str, file: str, fast: bool = False) -> Any:
    """One YAML document; `file` names it in errors. `fast`: with libyaml, where installed."""
    try:
        return yaml.load(text, Loader=FastStrictLoader if fast else StrictLoader)
    except yaml.YAMLError as err:
        raise yaml_error(err, file) from None


def parse_yaml_documents(text: str, file: str) -> Iterator[tuple[Any, int]]:
    """Every document of a multi-document YAML text with the line it starts on."""
    loader = StrictLoader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                yield loader.construct_document(node), node.start_mark.line + 1
    except yaml.YAMLError as err:
        raise yaml_error(err, file) from None
    finally:
        loader.dispose()


def read_yaml(path: Path, shown: str | None = None, fast: bool = False) -> Any:
    name = shown or str(path)
    if not path.is_file():
        raise CampusInputError("file not found", file=name)
    return parse_yaml(read_text(path, name), name, fast)


def key_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
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

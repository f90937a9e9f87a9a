"""Read a YAML data file into a pydantic model; any problem becomes one line naming the file and key."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from campus.errors import CampusInputError

M = TypeVar("M", bound=BaseModel)


def read_yaml(path: Path, shown: str | None = None) -> Any:
    name = shown or str(path)
    if not path.is_file():
        raise CampusInputError("file not found", file=name)
    try:
        return yaml.safe_load(path.read_text())
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        raise CampusInputError(f"malformed YAML ({getattr(err, 'problem', err)})", file=name, key=where) from None


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

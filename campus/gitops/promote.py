"""Promote a service's image from one environment's overlay to another's, touching only the image pin.

The overlay's `images:` entry is edited line by line, so comments, ordering and formatting survive (a YAML
round-trip would drop them). The registry (`newName`) stays: each environment pulls from its own account.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from campus.catalog.yamlfile import parse_yaml, read_text
from campus.errors import CampusInputError
from campus.gitops.layout import ENVIRONMENTS, kustomization_file, overlay_dir
from campus.gitops.workloads import image_pin_problem

PIN_KEYS = ("newTag", "digest")


@dataclass(frozen=True)
class ImageEntry:
    start: int  # index of the `- name:` line
    end: int  # index after the entry's last line
    indent: int  # column of the entry's keys
    pins: dict[str, str]


def promote(root: Path, service: str, from_env: str, to_env: str, *, dry_run: bool) -> str:
    """Copy the image pin (newTag/digest) of `service` from `from_env` to `to_env`; returns a unified diff
    (empty when the target already has that pin). With dry_run nothing is written."""
    for key, env in (("from", from_env), ("to", to_env)):
        if env not in ENVIRONMENTS:
            raise CampusInputError(f"unknown environment '{env}' (known: {', '.join(ENVIRONMENTS)})", key=f"--{key}")
    if from_env == to_env:
        raise CampusInputError("source and target environment are the same", key="--to")
    image = f"campus/{service}"
    source_file, source_lines = _read(root, service, from_env)
    target_file, target_lines = _read(root, service, to_env)
    pins = _entry(source_lines, image, _shown(root, source_file)).pins
    if not pins:
        raise CampusInputError(f"images entry {image} has no newTag or digest", file=_shown(root, source_file),
                               key=f"images[{image}]")
    reference = f"{image}:{pins['newTag']}" if "newTag" in pins else image
    if "digest" in pins:
        reference += f"@{pins['digest']}"
    if problem := image_pin_problem(reference):
        raise CampusInputError(f"refusing to promote an unpinned image: {problem}", file=_shown(root, source_file),
                               key=f"images[{image}]")
    updated = _with_pins(target_lines, _entry(target_lines, image, _shown(root, target_file)), pins)
    shown = _shown(root, target_file)
    diff = "".join(difflib.unified_diff(target_lines, updated, fromfile=f"a/{shown}", tofile=f"b/{shown}"))
    if diff and not dry_run:
        try:
            target_file.write_text("".join(updated), encoding="utf-8")
        except OSError as err:
            raise CampusInputError(f"cannot write the file ({err.strerror or err})", file=shown) from None
    return diff


def _read(root: Path, service: str, environment: str) -> tuple[Path, list[str]]:
    directory = overlay_dir(root, service, environment)
    try:
        path = kustomization_file(directory)
    except OSError as err:  # a folder on the way that may not be searched
        raise CampusInputError(f"cannot read the overlay ({err.strerror or err})",
                               file=_shown(root, Path(err.filename) if err.filename else directory)) from None
    if path is None:
        raise CampusInputError(f"no overlay for service '{service}' in {environment}",
                               file=_shown(root, directory / "kustomization.yaml"))
    text = read_text(path, _shown(root, path))
    parse_yaml(text, _shown(root, path))  # malformed YAML stops here with file and line
    return path, text.splitlines(keepends=True)


def _entry(lines: list[str], image: str, shown: str) -> ImageEntry:
    images_at = next((i for i, line in enumerate(lines) if re.match(r"^images:\s*(#.*)?$", line)), None)
    if images_at is None:
        raise CampusInputError("no top-level images: list", file=shown, key="images")
    name_line = re.compile(r"^(\s*)-(\s+)name:\s*[\"']?" + re.escape(image) + r"[\"']?\s*(#.*)?$")
    for index in range(images_at + 1, len(lines)):
        line = lines[index]
        if line.strip() and not line[0].isspace() and not line.startswith("-"):
            break  # the next top-level key: the images list ended
        match = name_line.match(line)
        if match is None:
            continue
        dash = len(match.group(1))
        indent = dash + 1 + len(match.group(2))
        end = index + 1
        while end < len(lines) and (not lines[end].strip() or _column(lines[end]) >= indent) \
                and not lines[end].lstrip().startswith("-"):
            end += 1
        pins = {}
        for line_in in lines[index + 1:end]:
            key_match = re.match(r"^\s*(newTag|digest):\s*[\"']?([^\"'#\s]+)[\"']?", line_in)
            if key_match:
                pins[key_match.group(1)] = key_match.group(2)
        return ImageEntry(index, end, indent, pins)
    raise CampusInputError(f"no images entry named {image}", file=shown, key=f"images[{image}]")


def _column(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _with_pins(lines: list[str], entry: ImageEntry, pins: dict[str, str]) -> list[str]:
    body = lines[entry.start + 1:entry.end]
    pad = " " * entry.indent
    kept: list[str] = []
    placed: set[str] = set()
    for line in body:
        key_match = re.match(r"^\s*(newTag|digest):", line)
        if key_match is None:
            kept.append(line)
            continue
        key = key_match.group(1)
        if key in pins:
            kept.append(f'{pad}{key}: "{pins[key]}"\n')
            placed.add(key)
    # Pins the target did not have yet go right after its last key line.
    insert_at = max((i + 1 for i, line in enumerate(kept) if line.strip()), default=0)
    missing = [key for key in PIN_KEYS if key in pins and key not in placed]
    kept[insert_at:insert_at] = [f'{pad}{key}: "{pins[key]}"\n' for key in missing]
    return [*lines[:entry.start + 1], *kept, *lines[entry.end:]]


def _shown(root: Path, path: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)

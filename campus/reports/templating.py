"""The jinja2 environments: HTML autoescapes everything, Markdown escapes table cells."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def markdown_cell(value: object) -> str:
    """Make any text safe inside one Markdown table cell."""
    text = " ".join(str(value).split())
    for char in "\\|`*_[]<>":
        text = text.replace(char, "\\" + char)
    return text


@cache
def html_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("campus.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
    )
    env.filters["plural"] = plural
    return env


@cache
def markdown_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("campus.reports", "templates"),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["plural"] = plural
    env.filters["cell"] = markdown_cell
    return env

"""The OSCAL field patterns campus checks at run time are compliance-trestle's own, character for character."""

from __future__ import annotations

from typing import get_args

import pytest
from pydantic import BaseModel, StringConstraints
from trestle.oscal.common import Metadata, Observation, Property

from campus.reports import oscal_checks


def trestle_pattern(model: type[BaseModel], field: str) -> str:
    info = model.model_fields[field]
    pending: list[object] = [*info.metadata, info.annotation]
    while pending:
        item = pending.pop()
        if isinstance(item, StringConstraints) and item.pattern:
            return str(item.pattern)
        pending.extend(get_args(item))
    raise LookupError(f"trestle's {model.__name__}.{field} has no pattern")


@pytest.mark.parametrize(("ours", "model", "field"), [
    (oscal_checks.SINGLE_LINE_PATTERN, Observation, "title"),
    (oscal_checks.TOKEN_PATTERN, Property, "name"),
    (oscal_checks.NON_BLANK_PATTERN, Metadata, "version"),
])
def test_pattern_is_trestles(ours: str, model: type[BaseModel], field: str) -> None:
    assert ours == trestle_pattern(model, field)


def test_patterns_accept_and_refuse_what_oscal_does() -> None:
    assert oscal_checks.token("sc-28.1") == "sc-28.1"
    with pytest.raises(ValueError, match="token"):
        oscal_checks.token("1-starts-with-a-digit")
    with pytest.raises(ValueError, match="title"):
        oscal_checks.title("two\nlines")
    with pytest.raises(ValueError, match="version"):
        oscal_checks.version(" padded ")

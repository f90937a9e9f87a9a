"""pretty_json (orjson) must write exactly what `json.dumps(indent=2, ensure_ascii=False)` did."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from campus.reports.json_text import pretty_json

# What the JSON reports hold: str keys; str, int, bool and None values (no floats); any Unicode but lone surrogates.
TEXT = st.text(st.characters(exclude_categories=["Cs"]))
SCALARS = st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | TEXT
DOCUMENTS = st.recursive(SCALARS, lambda inner: st.lists(inner) | st.dictionaries(TEXT, inner), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS)
def test_pretty_json_is_the_stdlib_indented_json(document: object) -> None:
    assert pretty_json(document) == (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def test_control_and_separator_characters_are_escaped_like_the_stdlib() -> None:
    text = "".join(map(chr, range(0x20))) + '"\\/\x7f\u2028\u2029\ufeff é 中文 😀'
    document = {"text": text, "empty": [], "nested": {"none": None, "list": [{}]}}
    assert pretty_json(document) == (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()

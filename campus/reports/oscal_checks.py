"""Input values that land in constrained OSCAL fields, checked against compliance-trestle's own patterns.

The OSCAL documents are plain dicts, not trestle models: validating ~10k models took longer than rendering every
other report. Tests check that trestle reads each document back and writes the same bytes; at run time only the
fields that take text from the gate's input are checked here, so bad input still fails instead of writing an
invalid document.
"""

from __future__ import annotations

import re
from functools import lru_cache

# OSCAL's datatypes (string, token) as compliance-trestle's models spell them. They are written out here because
# importing trestle's models costs ~0.5 s per gate run; a test checks they still equal trestle's own patterns.
_NAME_START = (r"_A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
               r"\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD")
_NAME_REST = _NAME_START + r"\-\.0-9\u00B7\u0300-\u036F\u203F-\u2040"
SINGLE_LINE_PATTERN = r"^[^\n]+$"  # every OSCAL title (trestle: Observation.title)
TOKEN_PATTERN = f"^[{_NAME_START}][{_NAME_REST}]*$"  # prop names, control ids, target ids (Property.name)
NON_BLANK_PATTERN = r"^\S(.*\S)?$"  # versions and prop values (Metadata.version)

_SINGLE_LINE = re.compile(SINGLE_LINE_PATTERN)
_TOKEN = re.compile(TOKEN_PATTERN)
_NON_BLANK = re.compile(NON_BLANK_PATTERN)


def _check(pattern: re.Pattern[str], what: str, value: str) -> str:
    # fullmatch: unlike `re.match`, a `$` in the pattern cannot match before a trailing newline (as in pydantic).
    if pattern.fullmatch(value) is None:
        raise ValueError(f"not a valid OSCAL {what}: {value!r}")
    return value


def title(value: str) -> str:
    return _check(_SINGLE_LINE, "title (one line, not empty)", value)


@lru_cache(maxsize=4096)
def token(value: str) -> str:
    return _check(_TOKEN, "token", value)


def version(value: str) -> str:
    return _check(_NON_BLANK, "version", value)

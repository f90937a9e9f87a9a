"""What both OSCAL documents share: reproducible UUIDs, control-id tokens, catalog hrefs, timestamps and campus props.

The documents are plain dicts keyed and ordered like compliance-trestle's models (`exclude_none` included): see
oscal_checks for why, and tests/reports/test_reports_oscal.py for the proof that trestle writes the same bytes.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import datetime
from functools import lru_cache
from typing import Any

from trestle.core.base_model import robust_datetime_serialization

from campus.findings import ControlRef
from campus.reports import oscal_checks

OscalDict = dict[str, Any]

# Fixed namespace: the same content always gets the same UUID, so re-running a gate reproduces the documents.
CAMPUS_UUID_NAMESPACE = uuid.UUID("5f0c7a52-3b7e-5d1c-9a61-2b8f3c4d9e10")
_NAMESPACE_BYTES = CAMPUS_UUID_NAMESPACE.bytes
CAMPUS_NS = "https://campus.invalid/ns/oscal"
NIST_REV5_CATALOG = (
    "https://raw.githubusercontent.com/usnistgov/oscal-content/main/nist.gov/SP800-53/rev5/json/"
    "NIST_SP-800-53_rev5_catalog.json"
)
_TOKEN = re.compile(r"^[_A-Za-z][_A-Za-z0-9.\-]*$")
_NOT_TOKEN_CHARS = re.compile(r"[^_A-Za-z0-9.\-]+")


def stable_uuid(*parts: str) -> str:
    """`str(uuid.uuid5(CAMPUS_UUID_NAMESPACE, "\\x1f".join(parts)))`, without the UUID object (a run needs ~10k)."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + "\x1f".join(parts).encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def control_token(ref: ControlRef) -> str:
    """OSCAL control ids are tokens: NIST `sc-28.1` and FSBP `S3.4` stay as they are,
    CIS `2.1.1` becomes `cis-aws-foundations-2.1.1`."""
    if _TOKEN.match(ref.id):
        return oscal_checks.token(ref.id)
    return oscal_checks.token(_NOT_TOKEN_CHARS.sub("-", f"{ref.framework.lower()}-{ref.id}"))


def catalog_href(framework: str, version: str) -> str:
    """NIST publishes an OSCAL catalog; the CIS and FSBP ids resolve in campus's own control catalog."""
    if (framework, version) == ("NIST-800-53", "rev5"):
        return NIST_REV5_CATALOG
    return f"policies/controls/{framework.lower()}-{version}.yaml"


def oscal_time(moment: datetime) -> str:
    """How trestle writes datetimes: UTC, `+00:00`, milliseconds only when there are any."""
    return robust_datetime_serialization(moment)


def prop(name: str, value: object, *, remarks: str | None = None) -> OscalDict:
    return _prop(name, str(value), remarks)


@lru_cache(maxsize=65536)
def _prop(name: str, value: str, remarks: str | None) -> OscalDict:
    # Every observation repeats rule, engine and result props: they share one (never mutated) dict each.
    prop: OscalDict = {"name": oscal_checks.token(name), "ns": CAMPUS_NS, "value": " ".join(value.split()) or "-"}
    if remarks is not None:
        prop["remarks"] = remarks
    return prop


def without_none(fields: OscalDict) -> OscalDict:
    """Leave out unset optional fields, as trestle does (`exclude_none`)."""
    return {key: value for key, value in fields.items() if value is not None}

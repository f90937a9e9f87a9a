"""What both OSCAL documents share: reproducible UUIDs, control-id tokens, catalog hrefs and campus props."""

from __future__ import annotations

import re
import uuid
from functools import lru_cache

from trestle.oscal.common import Property

from campus.findings import ControlRef

# Fixed namespace: the same content always gets the same UUID, so re-running a gate reproduces the documents.
CAMPUS_UUID_NAMESPACE = uuid.UUID("5f0c7a52-3b7e-5d1c-9a61-2b8f3c4d9e10")
CAMPUS_NS = "https://campus.invalid/ns/oscal"
NIST_REV5_CATALOG = (
    "https://raw.githubusercontent.com/usnistgov/oscal-content/main/nist.gov/SP800-53/rev5/json/"
    "NIST_SP-800-53_rev5_catalog.json"
)
_TOKEN = re.compile(r"^[_A-Za-z][_A-Za-z0-9.\-]*$")
_NOT_TOKEN_CHARS = re.compile(r"[^_A-Za-z0-9.\-]+")


def stable_uuid(*parts: str) -> str:
    return str(uuid.uuid5(CAMPUS_UUID_NAMESPACE, "\x1f".join(parts)))


def control_token(ref: ControlRef) -> str:
    """OSCAL control ids are tokens: NIST `sc-28.1` and FSBP `S3.4` stay as they are,
    CIS `2.1.1` becomes `cis-aws-foundations-2.1.1`."""
    if _TOKEN.match(ref.id):
        return ref.id
    return _NOT_TOKEN_CHARS.sub("-", f"{ref.framework.lower()}-{ref.id}")


def catalog_href(framework: str, version: str) -> str:
    """NIST publishes an OSCAL catalog; the CIS and FSBP ids resolve in campus's own control catalog."""
    if (framework, version) == ("NIST-800-53", "rev5"):
        return NIST_REV5_CATALOG
    return f"policies/controls/{framework.lower()}-{version}.yaml"


def prop(name: str, value: object, *, remarks: str | None = None) -> Property:
    return _prop(name, " ".join(str(value).split()) or "-", remarks)


@lru_cache(maxsize=65536)
def _prop(name: str, value: str, remarks: str | None) -> Property:
    # Every observation repeats rule, engine and result props; validating each distinct one once
    # (and sharing the never-mutated instance) halves the build time of a large run.
    return Property(name=name, value=value, ns=CAMPUS_NS, remarks=remarks)

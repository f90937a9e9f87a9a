"""The GitOps tree rendered once per session (kubectl kustomize is the slow part)."""

from __future__ import annotations

import pytest

from campus.catalog.contracts import Contract, load_contracts
from campus.gitops import build_all
from campus.manifests import Manifest
from tests.gitops.support import ROOT


@pytest.fixture(scope="session")
def rendered() -> dict[tuple[str, str], list[Manifest]]:
    return build_all(ROOT)


@pytest.fixture(scope="session")
def contracts() -> dict[str, Contract]:
    return load_contracts(ROOT)

"""Batch work raises the cycle collector's thresholds and always gives the previous ones back."""

from __future__ import annotations

import gc

import pytest

from campus.gc_tuning import BATCH_THRESHOLDS, batch_collection


def test_thresholds_are_raised_inside_and_restored_after() -> None:
    before = gc.get_threshold()
    with batch_collection():
        assert gc.get_threshold() == BATCH_THRESHOLDS
        with batch_collection():
            assert gc.get_threshold() == BATCH_THRESHOLDS
        assert gc.get_threshold() == BATCH_THRESHOLDS
    assert gc.get_threshold() == before


def test_thresholds_are_restored_when_the_work_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), batch_collection():
        raise RuntimeError("synth failed")
    assert gc.get_threshold() == before

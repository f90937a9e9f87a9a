"""Cycle-collector thresholds for batch work: synth, the engines and the reports.

The gate builds millions of short-lived objects (the SDK's Outputs and futures, decoded properties, findings)
on top of a large live heap. With CPython's default thresholds (700, 10, 10) the collector walks that heap
thousands of times, which cost a third of synth and CrossGuard time here; reference counting frees nearly all
of those objects anyway. The previous thresholds come back when the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

BATCH_THRESHOLDS = (100_000, 50, 100)


@contextmanager
def batch_collection() -> Iterator[None]:
    previous = gc.get_threshold()
    gc.set_threshold(*BATCH_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)

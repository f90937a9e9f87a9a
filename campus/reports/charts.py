"""Geometry for the inline SVG bar charts; the templates only draw what is computed here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

STACKED_WIDTH = 700.0
COLUMN_WIDTH = 380.0


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    value: int
    x: float
    width: float


@dataclass(frozen=True)
class StackedBar:
    label: str
    total: int
    segments: tuple[Segment, ...]


def stacked_bar(
    label: str, counts: Mapping[str, int], order: Sequence[tuple[str, str]], width: float = STACKED_WIDTH
) -> StackedBar:
    """One bar split into `order`'s (key, label) parts, scaled to its own total."""
    total = sum(counts.get(key, 0) for key, _ in order)
    segments = []
    x = 0.0
    for key, text in order:
        value = counts.get(key, 0)
        if not value:
            continue
        share = width * value / total
        segments.append(Segment(key, text, value, round(x, 2), round(share, 2)))
        x += share
    return StackedBar(label, total, tuple(segments))


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: int
    width: float


def bar_list(
    counts: Mapping[str, int], order: Sequence[tuple[str, str]], width: float = COLUMN_WIDTH
) -> tuple[Column, ...]:
    """Separate bars on a common scale, so small counts stay comparable with large ones."""
    largest = max((counts.get(key, 0) for key, _ in order), default=0)
    return tuple(
        Column(key, text, counts.get(key, 0), round(width * counts.get(key, 0) / largest, 2) if largest else 0.0)
        for key, text in order
    )

"""Timing helpers: `perf_counter` samples summarised as median and 95th percentile."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Stats:
    """A series of timings, in milliseconds."""

    count: int
    median_ms: float
    p95_ms: float
    mean_ms: float
    min_ms: float
    max_ms: float

    def as_dict(self) -> dict[str, float | int]:
        return {key: round(value, 4) for key, value in asdict(self).items()}


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of `values` (`fraction` in 0..1)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summarize(seconds: Sequence[float]) -> Stats:
    """Median, p95, mean, min and max of timings given in seconds."""
    if not seconds:
        raise ValueError("no timings to summarise")
    ms = [s * 1000 for s in seconds]
    return Stats(
        count=len(ms),
        median_ms=statistics.median(ms),
        p95_ms=percentile(ms, 0.95),
        mean_ms=statistics.fmean(ms),
        min_ms=min(ms),
        max_ms=max(ms),
    )


def timed(action: Callable[[], T]) -> tuple[T, float]:
    """Run `action` once; return its result and the seconds it took."""
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def ratio(numerator: float, denominator: float) -> float | None:
    """`numerator / denominator`, or `None` when the denominator is zero."""
    return numerator / denominator if denominator else None

"""A flood of unique addresses on one page, and the service's memory while it lasts.

Each request asks for the list with a query never seen before (`?u=<thread>-<n>`):
none is served from the page cache and every answer is a new entry for it. The
worker's resident memory is read every second; issue 17's bound is 150 MB.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.web_server import Server, footprint
from bench.web_wrk import Load, WrkResult, run_wrk

FLOOD_PATH = "/"
MEMORY_LIMIT_MB = 150.0


@dataclass(frozen=True)
class Flood:
    seconds: int
    wrk: WrkResult
    rss_mb_before: float
    rss_mb_peak: float
    rss_mb_after: float
    samples: list[float]

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": FLOOD_PATH + "?u=<unique>",
            "seconds": self.seconds,
            "requests": self.wrk.requests,
            "requests_per_second": round(self.wrk.rate, 1),
            "not_2xx": self.wrk.not_2xx,
            "rss_mb_worker_before": round(self.rss_mb_before, 1),
            "rss_mb_worker_peak": round(self.rss_mb_peak, 1),
            "rss_mb_worker_after": round(self.rss_mb_after, 1),
            "rss_mb_worker_each_second": [round(value, 1) for value in self.samples],
        }


def flood(server: Server, headers: dict[str, str], script: Path, load: Load) -> Flood:
    """Load unique addresses for `load.seconds`, sampling the worker's memory every second."""
    before = footprint(server).largest_mb
    done: list[WrkResult] = []
    runner = threading.Thread(
        target=lambda: done.append(run_wrk(server.url(FLOOD_PATH), load, script, headers))
    )
    samples = []
    runner.start()
    while runner.is_alive():
        samples.append(footprint(server).largest_mb)
        runner.join(timeout=1.0)
    time.sleep(1.0)  # what the worker keeps once the flood is over
    after = footprint(server).largest_mb
    if not done:
        raise RuntimeError("the flood's wrk run failed (see above)")
    return Flood(load.seconds, done[0], before, max([before, *samples, after]), after, samples)


def flood_target(figures: Flood) -> dict[str, Any]:
    return {
        "what": f"worker RSS < {MEMORY_LIMIT_MB:g} MB through a {figures.seconds} s flood "
        "of unique addresses",
        "value": round(figures.rss_mb_peak, 1),
        "limit": MEMORY_LIMIT_MB,
        "met": figures.rss_mb_peak < MEMORY_LIMIT_MB,
    }

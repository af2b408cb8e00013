"""Benchmarks of the product, run by `python -m bench [name …]` (`make bench` runs them all).

Each benchmark is a module of this package listed in `BENCHMARKS`, with two
functions: `add_arguments(group)` for its own command-line options and
`run(options) -> Outcome`. Its text is printed and its data written to
`var/bench/<name>.json`.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True)
class Outcome:
    """What one benchmark run gives: a plain-text table and the same figures as data."""

    text: str
    data: dict[str, Any]


def measured_in_a_folder(name: str, measure: Callable[[Path], dict[str, Any]]) -> dict[str, Any]:
    """`measure`'s figures, run in a temporary folder of its own, with the run's total time."""
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as tmp:
        data = measure(Path(tmp))
    data["total_seconds"] = round(time.perf_counter() - began, 1)
    return data


class Benchmark(Protocol):
    """The two functions a benchmark module provides."""

    def add_arguments(self, group: argparse._ArgumentGroup) -> None: ...

    def run(self, options: argparse.Namespace) -> Outcome: ...


# name: (module, one line on what it measures), in the order `python -m bench` runs them
BENCHMARKS: dict[str, tuple[str, str]] = {
    "store": (
        "bench.store",
        "the git store: durable writes, reads and the index at 100 and 40,000 commits",
    ),
    "signing": (
        "bench.signing",
        "a signature through HTTP (the API, the pipeline, a durable commit) at 100 and 40,000 "
        "commits",
    ),
    "saving": (
        "bench.saving",
        "a working copy kept and a version saved through HTTP at 100 and 40,000 commits",
    ),
    "web": ("bench.web", "the service's pages under wrk, beside a bare Litestar page, same run"),
    "cli": ("bench.cli", "the command-line tool's start-up: --help and read commands"),
    "letters": ("bench.letters", "one letter as PDF, DOCX and ODT beside bare conversions"),
}

"""The store benchmark: 2,000 interpellations, measured at 100 and at 40,000 commits.

1. Found the demo coordination and import the corpus in bulk commits (~100 commits),
   and keep a copy of that repository aside.
2. Measure durable writes (an edit, a comment), reads, the git command-line
   baseline and the index.
3. Grow the history to 40,000 commits through the store's own writer, one small
   edit or comment a commit, and measure the same figures again, in turns with
   the copy kept at ~100 commits: the ratio of those two is the one a busy
   machine cannot skew.

Everything happens in a temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
import sys
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from bench import Outcome, measured_in_a_folder
from bench.datarepo import Grower, Imported, build_repository, commit_count, objects_bytes
from bench.machine import describe
from bench.points import Arm, Bench, PointFigures, Sizes, measure_point
from bench.stats import ratio
from bench.store_table import format_table
from interpellations.record.store import Store
from interpellations.record.store.maintenance import maintain

NAME = "store"


@dataclass(frozen=True)
class Points:
    """The three measured stores: at 100 commits, grown, and the 100-commit copy beside it."""

    first: PointFigures
    grown: PointFigures
    reference: PointFigures
    maintained: PointFigures


@dataclass(frozen=True)
class Settings:
    interpellations: int
    batch: int
    commits: int
    untouched: int
    sizes: Sizes
    seed: int
    durable_growth: bool

    @classmethod
    def from_options(cls, options: argparse.Namespace) -> Settings:
        return cls(
            interpellations=options.interpellations,
            batch=options.batch,
            commits=options.commits,
            untouched=options.untouched,
            sizes=Sizes(
                options.writes, options.reads, options.git_writes, options.reads, options.syncs
            ),
            seed=options.seed,
            durable_growth=options.durable_growth,
        )


def add_arguments(group: argparse._ArgumentGroup) -> None:
    group.add_argument("--interpellations", type=int, default=2000, help="default: 2000")
    group.add_argument("--batch", type=int, default=20, help="per import commit; default: 20")
    group.add_argument("--commits", type=int, default=40_000, help="history to grow to")
    group.add_argument("--writes", type=int, default=200, help="timed edits, and comments")
    group.add_argument("--reads", type=int, default=500, help="timed reads of each kind")
    group.add_argument("--git-writes", type=int, default=100, help="timed git CLI commits")
    group.add_argument("--syncs", type=int, default=20, help="timed index syncs")
    group.add_argument(
        "--untouched", type=int, default=100, help="interpellations no write touches (control)"
    )
    group.add_argument("--seed", type=int, default=2026)
    group.add_argument(
        "--durable-growth",
        action="store_true",
        help="fsync the filler commits of the growth phase too (slower; same files)",
    )


def run(options: argparse.Namespace) -> Outcome:
    settings = Settings.from_options(options)
    data = measured_in_a_folder("store", lambda root: _run_in(root, settings))
    return Outcome(format_table(data), data)


def _run_in(root: Path, settings: Settings) -> dict[str, Any]:
    rng = random.Random(settings.seed)
    machine = describe(root)
    _say(f"building {settings.interpellations:,} interpellations")
    imported = build_repository(root / "data", settings.interpellations, settings.batch, rng)
    store = imported.store
    # The same tree at the same history length, kept aside to be measured beside the
    # grown store: what changes between the two is the history, not the machine's load.
    shutil.copytree(store.path, root / "reference", symlinks=True)
    reference = Store.open(root / "reference")
    try:
        specs = list(imported.specs)
        rng.shuffle(specs)
        bench = Bench(
            root=root,
            active=specs[settings.untouched :],
            untouched=specs[: settings.untouched],
            rng=rng,
            sessions=itertools.count(2),
            sizes=settings.sizes,
        )
        (first,) = measure_point(bench, [Arm("first", store)])
        growth = _grow(bench, store, settings)
        grown, paired = measure_point(bench, [Arm("grown", store), Arm("reference", reference)])
        maintenance = _maintain(store)
        (maintained,) = measure_point(bench, [Arm("maintained", store)])
    finally:
        store.close()
        reference.close()
    points = Points(first, grown, paired, maintained)
    data = _assemble(settings, machine, imported, growth, points)
    data["maintenance"] = maintenance
    return data


def _maintain(store: Store) -> dict[str, Any]:
    """git's maintenance, as the service runs it every 500 writes, on the grown repository."""
    _say("running git's maintenance (gc) on the grown repository")
    size_before = objects_bytes(store)
    began = time.perf_counter()
    before, after = maintain(store.path)
    return {
        "seconds": round(time.perf_counter() - began, 1),
        "loose_objects_before": before.count,
        "loose_bytes_before": before.bytes,
        "loose_objects_after": after.count,
        "loose_bytes_after": after.bytes,
        "objects_bytes_before": size_before,
        "objects_bytes_after": objects_bytes(store),
    }


def _grow(bench: Bench, store: Store, settings: Settings) -> dict[str, Any]:
    start = commit_count(store)
    _say(f"growing the history from {start:,} to {settings.commits:,} commits")
    grower = Grower(store, bench.active, bench.rng, bench.sessions)
    with _fsync(durable=settings.durable_growth):
        made, seconds = grower.grow_to(settings.commits, start)
    return {
        "commits_added": made,
        "seconds": round(seconds, 1),
        "ms_per_commit": round(seconds / made * 1000, 3) if made else None,
        "fsync": settings.durable_growth,
    }


def _fsync(*, durable: bool) -> AbstractContextManager[object]:
    """Filler commits skip fsync unless asked: same files, same history, less waiting."""
    if durable:
        return nullcontext()
    return mock.patch("os.fsync", _no_fsync)


def _no_fsync(fd: int) -> None:
    del fd


def _assemble(
    settings: Settings,
    machine: dict[str, Any],
    imported: Imported,
    growth: dict[str, Any],
    points: Points,
) -> dict[str, Any]:
    specs = imported.specs
    return {
        "benchmark": NAME,
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine,
        "settings": {
            "interpellations": settings.interpellations,
            "batch": settings.batch,
            "target_commits": settings.commits,
            "untouched": settings.untouched,
            "sizes": vars(settings.sizes),
            "seed": settings.seed,
            "durable_growth": settings.durable_growth,
        },
        "corpus": {
            "interpellations": len(specs),
            "mean_text_bytes": round(sum(len(s.text) for s in specs) / len(specs), 1),
            "import_commits": imported.commits,
            "import_seconds": round(imported.seconds, 2),
        },
        "growth": growth,
        "points": {
            "first": points.first.as_dict(),
            "grown": points.grown.as_dict(),
            "reference": points.reference.as_dict(),
            "maintained": points.maintained.as_dict(),
        },
        "ratios": {
            "sequential": median_ratios(points.first, points.grown),
            "paired": median_ratios(points.reference, points.grown),
            "maintained": median_ratios(points.grown, points.maintained),
        },
        "versus_git": {
            "first": versus_git(points.first),
            "grown": versus_git(points.grown),
            "reference": versus_git(points.reference),
            "maintained": versus_git(points.maintained),
        },
        "targets": targets(points),
    }


def _medians(point: PointFigures) -> dict[str, float]:
    return {
        "edit": point.edit.median_ms,
        "comment": point.comment.median_ms,
        "git_edit": point.git_edit.median_ms,
        "read": point.read.median_ms,
        "read_untouched": point.read_untouched.median_ms,
        "read_file": point.read_file.median_ms,
        "index_history": point.index.history.median_ms,
        "index_sync": point.index.sync.median_ms,
        "index_rebuild": point.index.rebuild_seconds * 1000,
    }


def median_ratios(before: PointFigures, after: PointFigures) -> dict[str, float | None]:
    """Each median of `after` (the grown store) over the same median of `before`."""
    old, new = _medians(before), _medians(after)
    return {key: ratio(new[key], old[key]) for key in old}


def versus_git(point: PointFigures) -> dict[str, float | None]:
    """Our durable writes over the git command line's, median and p95."""
    git = point.git_edit
    return {
        "edit_median": ratio(point.edit.median_ms, git.median_ms),
        "edit_p95": ratio(point.edit.p95_ms, git.p95_ms),
        "comment_median": ratio(point.comment.median_ms, git.median_ms),
        "comment_p95": ratio(point.comment.p95_ms, git.p95_ms),
    }


def targets(points: Points) -> list[dict[str, Any]]:
    """The issue's targets, each with the figure that meets or misses it."""
    checks: list[tuple[str, float, float]] = []
    for point in (points.first, points.grown, points.maintained):
        at = f"at {point.commits:,} commits" + (
            ", maintained" if point is points.maintained else ""
        )
        git = point.git_edit.median_ms
        for kind, stats in (("edit", point.edit), ("comment", point.comment)):
            checks.append((f"{kind} median ≤ git baseline median, {at}", stats.median_ms, git))
            checks.append((f"{kind} median < 10 ms, {at}", stats.median_ms, 10.0))
        checks.append((f"read one interpellation median < 2 ms, {at}", point.read.median_ms, 2.0))
    rebuild = points.maintained.index.rebuild_seconds
    at = f"{points.maintained.commits:,} commits, maintained"
    checks.append((f"index rebuild from git < 5 s at {at}", rebuild, 5.0))
    paired = median_ratios(points.reference, points.grown)
    span = f"{points.grown.commits:,}/{points.reference.commits:,}"
    for key in ("edit", "comment", "read", "read_untouched", "read_file"):
        value = paired[key] or 0.0
        checks.append((f"{key} median, {span} commits ratio (paired) < 1.3", value, 1.3))
    return [
        {"what": what, "value": round(value, 4), "limit": round(limit, 4), "met": value <= limit}
        for what, value, limit in checks
    ]


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)

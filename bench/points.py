"""Everything measured at one point of the history, on one store or on two in turns.

A point measures reads, durable writes, the git command-line baseline and the
index. Given two stores (the grown one, and a copy of the repository taken at
100 commits), every series takes turns between them, so both are measured in
the same seconds of a possibly busy machine.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.baseline import GitBaseline
from bench.corpus import Spec
from bench.datarepo import COORDINATOR, commit_count, identity, loose_objects
from bench.indexing import IndexArm, IndexFigures, measure_indexes
from bench.stats import Stats, summarize
from bench.workload import Sample, StoreWorkload, run_paired
from interpellations.record.store import Store


@dataclass(frozen=True)
class Sizes:
    """How many times each operation is timed at each point."""

    writes: int = 200
    reads: int = 500
    git_writes: int = 100
    history_reads: int = 500
    syncs: int = 20


@dataclass(frozen=True)
class Bench:
    """What every point works on: the interpellations, the random source, the sizes."""

    root: Path
    active: Sequence[Spec]
    untouched: Sequence[Spec]
    rng: random.Random
    sessions: Iterator[int]
    sizes: Sizes


@dataclass(frozen=True)
class Arm:
    """One store measured at a point, with the name its files are kept under."""

    name: str
    store: Store


@dataclass(frozen=True)
class Fsyncs:
    """The fsyncs one write cost, over a series of writes."""

    median: float
    low: int
    high: int

    @classmethod
    def of(cls, samples: Sequence[Sample]) -> Fsyncs:
        counts = [s.fsyncs for s in samples]
        return cls(statistics.median(counts), min(counts), max(counts))


@dataclass(frozen=True)
class PointFigures:
    name: str
    commits: int
    commits_after: int
    load_average: float
    mean_journal_bytes: float
    loose_objects: tuple[int, int]
    edit: Stats
    comment: Stats
    git_edit: Stats
    read: Stats
    read_untouched: Stats
    read_file: Stats
    fsyncs_edit: Fsyncs
    fsyncs_comment: Fsyncs
    index: IndexFigures

    def as_dict(self) -> dict[str, Any]:
        index = self.index
        return {
            "name": self.name,
            "commits": self.commits,
            "commits_after": self.commits_after,
            "load_average_at_start": round(self.load_average, 2),
            "mean_journal_bytes": round(self.mean_journal_bytes, 1),
            "loose_objects": self.loose_objects[0],
            "loose_objects_bytes_on_disk": self.loose_objects[1],
            "edit": self.edit.as_dict(),
            "comment": self.comment.as_dict(),
            "git_edit": self.git_edit.as_dict(),
            "read": self.read.as_dict(),
            "read_untouched": self.read_untouched.as_dict(),
            "read_file": self.read_file.as_dict(),
            "fsyncs": {"edit": vars(self.fsyncs_edit), "comment": vars(self.fsyncs_comment)},
            "index": {
                "rebuild_ms": round(index.rebuild_seconds * 1000, 4),
                "rebuild_commits": index.rebuild_commits,
                "sync": index.sync.as_dict(),
                "sync_commits": index.sync_commits,
                "history": index.history.as_dict(),
                "history_rows_mean": round(index.history_rows, 2),
            },
        }


@dataclass(frozen=True)
class _Series:
    """The samples of each arm, series by series."""

    read: list[list[Sample]]
    untouched: list[list[Sample]]
    read_file: list[list[Sample]]
    edit: list[list[Sample]]
    comment: list[list[Sample]]


def measure_point(bench: Bench, arms: Sequence[Arm]) -> list[PointFigures]:
    """Reads, durable writes, the git baseline and the index, each series in turns."""
    os.sync()  # start from a quiet disk: no writeback left over from the import or growth
    load = os.getloadavg()[0]
    commits = [commit_count(arm.store) for arm in arms]
    at = " and ".join(f"{count:,}" for count in commits)
    _say(f"measuring at {at} commits (load average {load:.2f})")
    journals = [_mean_journal_bytes(arm.store, bench.active) for arm in arms]
    series = _store_series(bench, arms)
    git = _git_baseline(bench, arms)
    index = _index(bench, arms)
    return [
        PointFigures(
            name=arm.name,
            commits=commits[slot],
            commits_after=commit_count(arm.store),
            load_average=load,
            mean_journal_bytes=journals[slot],
            loose_objects=loose_objects(arm.store),
            edit=_stats(series.edit[slot]),
            comment=_stats(series.comment[slot]),
            git_edit=_stats(git[slot]),
            read=_stats(series.read[slot]),
            read_untouched=_stats(series.untouched[slot]),
            read_file=_stats(series.read_file[slot]),
            fsyncs_edit=Fsyncs.of(series.edit[slot]),
            fsyncs_comment=Fsyncs.of(series.comment[slot]),
            index=index[slot],
        )
        for slot, arm in enumerate(arms)
    ]


def _store_series(bench: Bench, arms: Sequence[Arm]) -> _Series:
    rng, sizes = bench.rng, bench.sizes
    loads = [StoreWorkload(arm.store, rng, bench.sessions) for arm in arms]
    _say("  reads, then durable writes")
    return _Series(
        read=run_paired([w.read for w in loads], bench.active, sizes.reads, rng),
        untouched=run_paired([w.read for w in loads], bench.untouched, sizes.reads, rng),
        read_file=run_paired([w.read_file for w in loads], bench.active, sizes.reads, rng),
        edit=run_paired([w.edit for w in loads], bench.active, sizes.writes, rng),
        comment=run_paired([w.comment for w in loads], bench.active, sizes.writes, rng),
    )


def _git_baseline(bench: Bench, arms: Sequence[Arm]) -> list[list[Sample]]:
    """The same edit by `git add` + `git commit`, in a worktree of each store."""
    _say("  git command-line baseline")
    with ExitStack() as stack:
        operations = []
        for arm in arms:
            author = identity(arm.store, COORDINATOR)
            folder = bench.root / f"worktree-{arm.name}"
            git = stack.enter_context(
                GitBaseline(arm.store, folder, f"bench-baseline-{arm.name}", author)
            )
            operations.append(git.sample(bench.sessions))
        return run_paired(operations, bench.active, bench.sizes.git_writes, bench.rng)


def _index(bench: Bench, arms: Sequence[Arm]) -> list[IndexFigures]:
    _say("  index: rebuild, sync, history")
    index_arms = [
        IndexArm(
            arm.store,
            bench.root / f"index-{arm.name}.sqlite",
            StoreWorkload(arm.store, bench.rng, bench.sessions).edit,
        )
        for arm in arms
    ]
    sizes = bench.sizes
    return measure_indexes(index_arms, bench.active, bench.rng, sizes.syncs, sizes.history_reads)


def _mean_journal_bytes(store: Store, specs: Sequence[Spec]) -> float:
    snapshot = store.snapshot()
    return statistics.fmean(len(snapshot.read(spec.journal_path) or b"") for spec in specs)


def _stats(samples: Sequence[Sample]) -> Stats:
    return summarize([s.seconds for s in samples])


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)

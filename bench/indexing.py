"""The SQLite index: rebuilt from scratch, synced after one new commit, asked for histories.

Like the store's operations, syncs and history reads take turns between the
stores measured together (one at each history length).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from contextlib import ExitStack, closing
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench.corpus import Spec
from bench.stats import Stats, summarize, timed
from interpellations.index.index import Index
from interpellations.record.store import Store


@dataclass(frozen=True)
class IndexArm:
    """One store's index, and how to add one commit to that store."""

    store: Store
    path: Path
    one_commit: Callable[[Spec], object]


@dataclass(frozen=True)
class IndexFigures:
    """How long the index takes to rebuild, to catch up with one commit, to give a history."""

    rebuild_seconds: float
    rebuild_commits: int
    sync: Stats
    sync_commits: int
    history: Stats
    history_rows: float


def measure_indexes(
    arms: Sequence[IndexArm],
    specs: Sequence[Spec],
    rng: random.Random,
    syncs: int,
    reads: int,
) -> list[IndexFigures]:
    """Rebuild each arm's index from nothing, then time syncs and history reads in turns."""
    with ExitStack() as stack:
        indexes = []
        for arm in arms:
            _remove(arm.path)
            indexes.append(stack.enter_context(closing(Index(arm.path, arm.store))))
        rebuilds = [timed(index.rebuild) for index in indexes]
        sync_seconds, sync_commits = _syncs(arms, indexes, specs, rng, syncs)
        histories, rows = _histories(indexes, specs, rng, reads)
    return [
        IndexFigures(
            rebuild_seconds=seconds,
            rebuild_commits=report.commits,
            sync=summarize(sync_seconds[slot]),
            sync_commits=sync_commits[slot],
            history=summarize(histories[slot]),
            history_rows=rows[slot] / reads,
        )
        for slot, (report, seconds) in enumerate(rebuilds)
    ]


def _syncs(
    arms: Sequence[IndexArm],
    indexes: Sequence[Index],
    specs: Sequence[Spec],
    rng: random.Random,
    count: int,
) -> tuple[list[list[float]], list[int]]:
    """Add one commit to each store, then time the sync that reads it; `count` times."""
    seconds: list[list[float]] = [[] for _ in arms]
    most_commits = [0 for _ in arms]
    for _ in range(count):
        spec = rng.choice(specs)
        for slot, (arm, index) in enumerate(zip(arms, indexes, strict=True)):
            arm.one_commit(spec)
            report, took = timed(index.sync)
            seconds[slot].append(took)
            most_commits[slot] = max(most_commits[slot], report.commits)
    return seconds, most_commits


def _histories(
    indexes: Sequence[Index], specs: Sequence[Spec], rng: random.Random, reads: int
) -> tuple[list[list[float]], list[int]]:
    """Time `index.history(iid, limit=50)` on random interpellations; count rows returned."""
    seconds: list[list[float]] = [[] for _ in indexes]
    rows = [0 for _ in indexes]
    for turn in range(reads):
        spec = rng.choice(specs)
        order = list(enumerate(indexes))
        for slot, index in order if turn % 2 == 0 else reversed(order):
            entries, took = timed(partial(index.history, spec.iid, limit=50))
            seconds[slot].append(took)
            rows[slot] += len(entries)
    return seconds, rows


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)

"""git's own maintenance of the data repository: repack, and prune what is old and unreachable.

Every write leaves a few loose objects; after years (40,000 commits) they are a
quarter of a million files. `git gc` packs them; it runs beside the writers,
never blocking them: our writes add loose objects and move the branch with a
compare-and-swap, which a repack does not touch. What a write in progress has
written is not reachable yet, so only objects unreachable *and* older than the
prune delay are removed: a running write's objects are seconds old. References
and their logs are left alone (no `pack-refs`, no reflog expiry): the branch's
lock belongs to the writers, and its log is part of the record's evidence.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from interpellations.record.store.gitconfig import run_git

log = logging.getLogger("interpellations.store")

PRUNE_OLDER_THAN = "2.weeks.ago"
# What `git gc` would otherwise also do, and must not here
LEAVE_REFS_ALONE = (
    "-c",
    "gc.packRefs=false",
    "-c",
    "gc.reflogExpire=never",
    "-c",
    "gc.reflogExpireUnreachable=never",
    "-c",
    "gc.auto=0",
)


@dataclass(frozen=True)
class Objects:
    """The loose objects of a repository: how many, how many bytes on disk."""

    count: int
    bytes: int


def loose_objects(git_dir: Path) -> Objects:
    count = size = 0
    for folder in (git_dir / "objects").glob("[0-9a-f][0-9a-f]"):
        for entry in os.scandir(folder):
            with contextlib.suppress(FileNotFoundError):  # packed or renamed meanwhile
                size += entry.stat().st_blocks * 512
                count += 1
    return Objects(count, size)


def maintain(git_dir: Path, prune: str = PRUNE_OLDER_THAN) -> tuple[Objects, Objects]:
    """Pack the loose objects and prune the old unreachable ones; the loose before and after."""
    before = loose_objects(git_dir)
    run_git(git_dir, *LEAVE_REFS_ALONE, "gc", "--quiet", f"--prune={prune}")
    return before, loose_objects(git_dir)


class Upkeep:
    """`maintain` after every `every` writes, in a thread of its own: the writes go on."""

    def __init__(self, git_dir: Path, every: int) -> None:
        self._git_dir = git_dir
        self._every = every
        self._writes = 0
        self._lock = threading.Lock()
        self._running: threading.Thread | None = None
        self.last: tuple[Objects, Objects] | None = None  # loose objects before and after

    def wrote(self) -> None:
        """Called after each write; starts the maintenance when its turn has come."""
        with self._lock:
            self._writes += 1
            if self._writes < self._every or self._running is not None:
                return
            self._writes = 0
            self._running = threading.Thread(target=self._run, name="upkeep", daemon=True)
            self._running.start()

    def _run(self) -> None:
        try:
            self.last = maintain(self._git_dir)
            before, after = self.last
            log.info("registre packed: %s loose objects, %s now", before.count, after.count)
        except Exception:  # a thread of its own: log, and let the next writes try again
            log.exception("git's maintenance failed; the next writes will try again")
        finally:
            with self._lock:
                self._running = None

    def join(self, timeout: float = 60) -> None:
        """Wait for a maintenance in progress (stopping the service, tests)."""
        running = self._running
        if running is not None:
            running.join(timeout)

"""One writer of ours at a time across processes, and what a dead one left behind.

The service and the command line are separate processes on one repository; a
`threading.Lock` cannot keep them apart, and recovery (run by `Store.open`) must
never take a live writer's branch lock or temporary objects for debris. So each
write and each recovery hold an `flock` on a file of the git directory: the
kernel releases it when its holder dies, so a killed writer never blocks the next.

While held, the file also says whether its holder owns the branch lock: a
`main.lock` found by recovery is then known to be ours (dead, removed at once)
or git's (a push in progress, left alone until it is stale).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

WRITER_LOCK_FILE = "interpellations-writer.lock"
_OWNS_BRANCH_LOCK = b"branch-lock\n"


class WriterLock:
    """The `flock` that serialises our writers and our recovery on one repository."""

    def __init__(self, git_dir: Path) -> None:
        self.path = git_dir / WRITER_LOCK_FILE

    @contextmanager
    def held(self) -> Iterator[Held]:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield Held(fd)
        finally:
            os.close(fd)  # closing releases the flock


class Held:
    """The writer lock while it is held: the mark of branch-lock ownership."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def owned_branch_lock(self) -> bool:
        """Whether the last holder had taken the branch lock and not yet released it."""
        return os.pread(self._fd, len(_OWNS_BRANCH_LOCK), 0) == _OWNS_BRANCH_LOCK

    def mark(self, owns_branch_lock: bool) -> None:
        # Marked before the branch lock is taken and cleared after it is gone, so
        # a holder killed in between always leaves the mark on.
        os.ftruncate(self._fd, 0)
        if owns_branch_lock:
            os.pwrite(self._fd, _OWNS_BRANCH_LOCK, 0)

"""The branch moves only by compare-and-swap, durably, with git's own lock protocol.

The update takes `refs/heads/<branch>.lock` exclusively (as git does, so a
`git commit` by hand and the service exclude each other), checks that the branch
still points where the writer started from, writes the new id, fsyncs it, renames
it into place and fsyncs the folder: `core.fsync=reference` done by hand. The
previous value goes to the reflog, the last line of defence when a ref is damaged;
like git, the reflog line is written before the branch moves, so a writer killed
in between never leaves a branch whose previous value the reflog lacks.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from interpellations.record.registry import Identity
from interpellations.record.store.objects import fsync_dir

ZERO = "0" * 40
LOCK_STALE_SECONDS = 30.0


class RefMoved(Exception):
    """The branch no longer points where the writer started from."""


class RefLocked(Exception):
    """Another git process holds the branch lock."""


def clean(value: str) -> str:
    """Keep an identity or header value on one line: a newline would forge another line."""
    return " ".join(value.replace("<", "").replace(">", "").split())


class BranchRef:
    """One branch of a repository's git directory."""

    def __init__(self, git_dir: Path, branch: str = "main") -> None:
        self.git_dir = git_dir
        self.name = f"refs/heads/{branch}"
        self.path = git_dir / self.name
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.log_path = git_dir / "logs" / self.name

    def read(self) -> str:
        """The commit the branch points to (loose or packed), or forty zeros."""
        try:
            value = self.path.read_text().strip()
        except FileNotFoundError:
            return self._read_packed()
        if len(value) != 40:
            # a 0-byte ref left by a crash of another program: fall back to packed-refs
            return self._read_packed()
        return value

    def _read_packed(self) -> str:
        try:
            lines = (self.git_dir / "packed-refs").read_text().splitlines()
        except FileNotFoundError:
            return ZERO
        for line in lines:
            sha, _, name = line.partition(" ")
            if name == self.name:
                return sha
        return ZERO

    def compare_and_swap(
        self,
        old: str,
        new: str,
        who: Identity,
        message: str,
        mark: Callable[[bool], None] = lambda owns: None,
    ) -> int:
        """Point the branch at `new` if it still points at `old`; return the fsyncs it took.

        `mark(True)` is called before the branch lock may be ours and `mark(False)`
        once it no longer is, so recovery can tell our dead writer's lock from git's.
        """
        try:
            return self._swap(old, new, who, message, mark)
        finally:
            mark(False)

    def _swap(
        self, old: str, new: str, who: Identity, message: str, mark: Callable[[bool], None]
    ) -> int:
        fd = self._lock(mark)
        try:
            current = self.read()
            if current != old:
                raise RefMoved(current)
            os.write(fd, f"{new}\n".encode())
            os.fsync(fd)
            self._log(current, new, who, message)
        except BaseException:
            os.close(fd)
            self.lock_path.unlink(missing_ok=True)
            raise
        os.close(fd)
        os.replace(self.lock_path, self.path)
        fsync_dir(self.path.parent)
        return 2

    def _lock(self, mark: Callable[[bool], None]) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(200):
            mark(True)
            try:
                return os.open(self.lock_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                mark(False)  # the lock is git's (a push): never take it for ours
                self.recover_stale_lock()
                time.sleep(0.005)
        raise RefLocked(str(self.lock_path))

    def recover_stale_lock(self, max_age: float = LOCK_STALE_SECONDS) -> bool:
        """Remove the branch lock if it was left by a process that died long ago."""
        try:
            age = time.time() - self.lock_path.stat().st_mtime
        except FileNotFoundError:
            return False
        if age < max_age:
            return False
        self.lock_path.unlink(missing_ok=True)
        return True

    def _log(self, old: str, new: str, who: Identity, message: str) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        stamp = f"{int(time.time())} +0000"
        summary = message.splitlines()[0] if message else ""
        line = f"{old} {new} {clean(who.name)} <{clean(who.email)}> {stamp}\t{clean(summary)}\n"
        with self.log_path.open("a", encoding="utf-8") as log:
            log.write(line)

"""Backups of the service's own database: what the record's git repository does not hold.

Accounts, sessions, second factors and working copies live in one SQLite file beside
the service, never in git; losing that disk would lock every person out and drop every
unsaved working copy. So the file is copied on a schedule into a folder a coordinator
can carry off the machine. SQLite's online backup copies one consistent snapshot while
the service goes on writing (the source is in WAL mode, where a reader never blocks a
writer), and each copy is a standalone file, checked before it replaces anything.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import logging
import os
import re
import sqlite3
import tempfile
import threading
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from interpellations.clock import now

log = logging.getLogger(__name__)

_STAMP = "%Y%m%dT%H%M%SZ"
# After a failed backup, the next try comes sooner than the schedule would have it.
_RETRY_AFTER = dt.timedelta(minutes=5)
# A temporary copy older than this was left by a crash, not by a backup under way.
_STALE_TEMP = dt.timedelta(hours=1)


class BackupFailed(RuntimeError):
    """The copy was made but SQLite does not find it sound."""


@dataclass(frozen=True)
class BackupStatus:
    """The newest backup in the folder, and what went wrong with the last try."""

    folder: Path
    last_backup: dt.datetime | None
    last_file: Path | None
    last_error: str


class DatabaseBackup:
    """Copies one SQLite database into a folder, at once when asked and on a schedule."""

    def __init__(
        self, database: Path, folder: Path, *, every: dt.timedelta, keep: int = 14
    ) -> None:
        if every <= dt.timedelta(0):
            raise ValueError("every must be a positive duration")
        if keep < 1:
            raise ValueError("keep must be at least 1")
        self.database = database
        self.folder = folder
        self.every = every
        self.keep = keep
        stem = re.escape(database.stem)
        self._name = re.compile(rf"{stem}-(\d{{8}}T\d{{6}}Z)\.sqlite")
        self._temp_prefix = f".{database.stem}-"
        self._last_error = ""
        self._logged_error = ""
        self._copying = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    # -- what callers use ---------------------------------------------------------

    def backup_now(self) -> Path:
        with self._copying:
            try:
                target = self._copy()
                self._prune()
            except Exception as error:
                self._last_error = f"{type(error).__name__}: {error}"
                raise
            self._last_error = ""
        log.info("database %s backed up to %s", self.database, target)
        return target

    def status(self) -> BackupStatus:
        backups = self._backups()
        taken, path = backups[-1] if backups else (None, None)
        return BackupStatus(self.folder, taken, path, self._last_error)

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive() and not self._stopping.is_set():
            return
        # A fresh event per thread: one still finishing its copy after `stop` ends for
        # good and never runs alongside its successor.
        self._stopping = threading.Event()
        self._thread = threading.Thread(
            target=self._serve,
            args=(self._stopping,),
            name="interpellations-database-backup",
            daemon=True,
        )
        self._thread.start()

    def stop(self, timeout: float = 5) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)

    # -- the background thread ----------------------------------------------------

    def _serve(self, stopping: threading.Event) -> None:
        while not stopping.wait(self._seconds_to_next()):
            try:
                self.backup_now()
            except Exception:
                self._log_failure()
            else:
                self._log_recovery()

    def _seconds_to_next(self) -> float:
        retry = min(self.every, _RETRY_AFTER).total_seconds()
        if self._last_error:
            return retry
        try:
            last = self.status().last_backup
        except OSError:
            # An unreadable folder must not end the thread; the backup will say why.
            return retry
        if last is None:
            return 0.0
        # Capped at `every`: a backup dated in the future (a clock set back) must not
        # hold the next one off for longer than the schedule.
        due = min(last + self.every - now(), self.every)
        return max(0.0, due.total_seconds())

    def _log_failure(self) -> None:
        if self._last_error != self._logged_error:
            self._logged_error = self._last_error
            log.exception("backup of database %s failed", self.database)

    def _log_recovery(self) -> None:
        if self._logged_error:
            self._logged_error = ""
            log.info("backup of database %s succeeded again", self.database)

    # -- one backup -----------------------------------------------------------------

    def _copy(self) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        taken = now().astimezone(dt.UTC)
        target = self.folder / f"{self.database.stem}-{taken.strftime(_STAMP)}.sqlite"
        # A name of its own in the same folder: `os.replace` is then atomic, and a
        # second backup running at once (the command line) has its own temporary file.
        fd, name = tempfile.mkstemp(dir=self.folder, prefix=self._temp_prefix, suffix=".tmp")
        os.close(fd)
        temp = Path(name)
        try:
            _snapshot(self.database, temp)
            _fsync(temp)
            os.replace(temp, target)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        _fsync_directory(self.folder)
        return target

    def _backups(self) -> list[tuple[dt.datetime, Path]]:
        """This database's backups in the folder, oldest first, by the time in their name."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.iterdir():
            match = self._name.fullmatch(path.name)
            if match is None:
                continue
            with contextlib.suppress(ValueError):  # digits that are no date: not ours
                taken = dt.datetime.strptime(match[1], _STAMP).replace(tzinfo=dt.UTC)
                found.append((taken, path))
        return sorted(found)

    def _prune(self) -> None:
        for _, path in self._backups()[: -self.keep]:
            path.unlink(missing_ok=True)
        # File times are the machine's, so the machine's clock, not the record's.
        stale = time.time() - _STALE_TEMP.total_seconds()
        for path in self.folder.glob(f"{glob.escape(self._temp_prefix)}*.tmp"):
            with contextlib.suppress(FileNotFoundError):
                if path.stat().st_mtime < stale:
                    path.unlink()


def _snapshot(source: Path, copy: Path) -> None:
    """Copy `source` into `copy` whole, as one consistent version, and check the copy."""
    # `mode=rw`: a missing database is an error, not a new empty one to back up. Not
    # `ro`: SQLite reads a WAL database read-only only when its `-wal` and `-shm` exist
    # or can be made; a read-write connection that only reads has no such condition.
    uri = f"{source.resolve().as_uri()}?mode=rw"
    with (
        closing(sqlite3.connect(uri, uri=True, timeout=30)) as src,
        closing(sqlite3.connect(copy)) as dst,
    ):
        # One step (all pages at once) reads from one transaction: a consistent copy
        # that the writers of the source, in WAL mode, do not wait for.
        src.backup(dst)
        # The copied header says WAL; a standalone file needs no `-wal` beside it.
        dst.execute("PRAGMA journal_mode=DELETE")
        verdict = [row[0] for row in dst.execute("PRAGMA integrity_check")]
    if verdict != ["ok"]:
        raise BackupFailed(f"integrity check of the copy of {source}: {'; '.join(verdict)}")


def _fsync(path: Path, flags: int = os.O_RDONLY) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_directory(folder: Path) -> None:
    """Make the rename durable: the new name lives in the folder's own blocks."""
    _fsync(folder, os.O_RDONLY | os.O_DIRECTORY)

"""Backups of the service's SQLite database, taken while another thread writes to it."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from polling import wait_for

from interpellations.clock import fixed_time
from server.database_backup import DatabaseBackup

HOUR = dt.timedelta(hours=1)


def wal_database(path: Path) -> Path:
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE a (n INTEGER)")
        db.execute("CREATE TABLE b (n INTEGER)")
        db.commit()
    return path


def write_pairs(db: sqlite3.Connection, start: int, count: int) -> None:
    """Rows in both tables in one transaction each: a torn copy would have more in `a`."""
    for n in range(start, start + count):
        with db:
            db.execute("INSERT INTO a VALUES (?)", (n,))
            db.execute("INSERT INTO b VALUES (?)", (n,))


def counts(path: Path) -> tuple[int, int]:
    with closing(sqlite3.connect(path)) as db:
        (a,) = db.execute("SELECT count(*) FROM a").fetchone()
        (b,) = db.execute("SELECT count(*) FROM b").fetchone()
    return a, b


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return wal_database(tmp_path / "service.sqlite")


@pytest.fixture
def backups() -> Iterator[list[DatabaseBackup]]:
    """Backups whose threads a test started, stopped whatever it asserts."""
    started: list[DatabaseBackup] = []
    yield started
    for backup in started:
        backup.stop()


class Writer(threading.Thread):
    """Another connection writing pairs of rows until told to stop."""

    def __init__(self, database: Path) -> None:
        super().__init__(daemon=True)
        self.database = database
        self.done = threading.Event()
        self.written = 0
        self.errors: list[BaseException] = []

    def run(self) -> None:
        try:
            with closing(sqlite3.connect(self.database, timeout=5)) as db:
                while not self.done.is_set():
                    write_pairs(db, 1_000_000 + self.written, 1)
                    self.written += 1
        except BaseException as error:
            self.errors.append(error)


def test_a_backup_taken_while_another_thread_writes_is_whole_and_consistent(
    database: Path, tmp_path: Path
) -> None:
    with closing(sqlite3.connect(database)) as db:
        write_pairs(db, 0, 200)
    writer = Writer(database)
    writer.start()
    try:
        wait_for(lambda: writer.written > 10)
        path = DatabaseBackup(database, tmp_path / "backups", every=HOUR).backup_now()
        written_during = writer.written
        wait_for(lambda: writer.written > written_during + 10)
    finally:
        writer.done.set()
        writer.join(5)

    assert writer.errors == []
    a, b = counts(path)
    assert a == b
    assert 200 + 10 < a < 200 + writer.written
    with closing(sqlite3.connect(path)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_backup_is_a_standalone_file(database: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    moment = dt.datetime(2026, 5, 6, 7, 8, 9, tzinfo=dt.UTC)

    with fixed_time(moment):
        path = DatabaseBackup(database, folder, every=HOUR).backup_now()

    assert path == folder / "service-20260506T070809Z.sqlite"
    assert [p.name for p in folder.iterdir()] == [path.name]
    with closing(sqlite3.connect(path)) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert not path.with_name(path.name + "-wal").exists()


def test_only_the_newest_backups_are_kept(database: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    others = [folder / "accounts-20200101T000000Z.sqlite", folder / "notes.txt"]
    for other in others:
        other.write_text("not ours")
    backup = DatabaseBackup(database, folder, every=HOUR, keep=3)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

    made = []
    for day in range(5):
        with fixed_time(start + dt.timedelta(days=day)):
            made.append(backup.backup_now())

    assert sorted(folder.iterdir()) == sorted([*made[2:], *others])


def test_the_last_backup_is_read_from_the_folder_after_a_restart(
    database: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    moment = dt.datetime(2026, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    with fixed_time(moment):
        path = DatabaseBackup(database, folder, every=HOUR).backup_now()

    status = DatabaseBackup(database, folder, every=HOUR).status()

    assert (status.folder, status.last_backup, status.last_file) == (folder, moment, path)
    assert status.last_error == ""


def test_a_missing_database_is_an_error_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    backup = DatabaseBackup(tmp_path / "absent.sqlite", folder, every=HOUR)

    with pytest.raises(sqlite3.OperationalError):
        backup.backup_now()

    status = backup.status()
    assert status.last_error
    assert status.last_file is None
    assert list(folder.iterdir()) == []
    assert not (tmp_path / "absent.sqlite").exists()


def test_the_thread_backs_up_at_once_when_no_backup_is_recent(
    database: Path, tmp_path: Path, backups: list[DatabaseBackup]
) -> None:
    backup = DatabaseBackup(database, tmp_path / "backups", every=HOUR)
    backups.append(backup)

    backup.start()
    wait_for(lambda: backup.status().last_file is not None)
    backup.stop()

    assert backup._thread is not None
    assert not backup._thread.is_alive()


def test_a_recent_backup_puts_the_next_one_off(database: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    DatabaseBackup(database, folder, every=HOUR).backup_now()

    wait = DatabaseBackup(database, folder, every=HOUR)._seconds_to_next()

    assert HOUR.total_seconds() - 5 < wait <= HOUR.total_seconds()

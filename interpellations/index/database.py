"""SQLite files of the service: one connection per thread, short write transactions.

Used by the index (derived from git, `synchronous=NORMAL`: rebuilt if lost) and
by the accounts (secrets that exist nowhere else, `synchronous=FULL`).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal


class Database:
    """A SQLite file in WAL mode, its schema created on first use by each thread."""

    def __init__(self, path: Path, schema: str, synchronous: Literal["NORMAL", "FULL"]) -> None:
        self.path = path
        self._schema = schema
        self._synchronous = synchronous
        self._local = threading.local()

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (sqlite3 objects must not cross threads)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(f"PRAGMA synchronous={self._synchronous}")
            db.executescript(self._schema)
            self._local.db = db
        return db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that takes the write lock at once (no upgrade deadlock)."""
        db = self.connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        """Close this thread's connection."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

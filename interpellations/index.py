"""A SQLite index derived from git: lists, search, per-interpellation history.

Never the source of truth: deleting the file loses nothing, it is rebuilt from
git. It remembers the last version it has seen and, when the branch has moved
(the service's own writes, or a commit made by hand), reads only the commits it
has not seen and re-reads only the interpellations they touched. The tables, and
how a commit and an interpellation become rows, are in `indexing`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from interpellations.errors import InvalidIdentifier
from interpellations.ids import InterpellationId
from interpellations.indexing import (
    LABEL_TABLES,
    SCHEMA,
    clear,
    index_interpellation,
    index_record,
    record_history,
)
from interpellations.model import Language
from interpellations.record import (
    AUTHORITIES_FILE,
    COORDINATION_FILE,
    MEMBERS_FILE,
    interpellation_ids,
)
from interpellations.store import Store
from interpellations.store.refs import ZERO

SCHEMA_VERSION = "1"
RECORD_FILES = (COORDINATION_FILE, MEMBERS_FILE, AUTHORITIES_FILE)


@dataclass(frozen=True)
class Summary:
    """One line of the list of interpellations."""

    id: str
    title: str
    theme: str
    group: str
    state: str
    languages: list[str]
    updated_at: str | None
    addressees: list[str]
    comments: int


@dataclass(frozen=True)
class HistoryEntry:
    version: str
    author_name: str
    author_email: str
    date: str
    action: str
    subject: str


@dataclass(frozen=True)
class SyncReport:
    rebuilt: bool
    commits: int
    interpellations: int
    record_changed: bool


class Index:
    """The index file of one data repository."""

    def __init__(self, path: Path, store: Store) -> None:
        self.path = path
        self.store = store
        self._lock = threading.Lock()
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # derived data: rebuilt if lost
            db.executescript(SCHEMA)
            self._local.db = db
        return db

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _meta(self, key: str) -> str | None:
        row = self._db().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @property
    def version(self) -> str | None:
        """The last version of the record this index has read."""
        return self._meta("version")

    def behind(self) -> bool:
        return self.version != self.store.head()

    # -- bringing up to date ----------------------------------------------------------

    def sync(self) -> SyncReport:
        """Read the commits not seen yet; rebuild from scratch when history was rewritten."""
        with self._lock:
            head = self.store.head()
            seen = self.version
            if seen == head:
                return SyncReport(False, 0, 0, False)
            fresh = (
                seen is None
                or self._meta("schema") != SCHEMA_VERSION
                or head == ZERO
                or not self.store.is_ancestor(seen, head)
            )
            commits = list(self.store.commits(None if fresh else seen, head))
            snapshot = self.store.snapshot(head)
            with self._transaction() as db:
                if fresh:
                    clear(db)
                touched = record_history(db, commits, fresh)
                record_changed = fresh or any(p in RECORD_FILES for c in commits for p in c.paths)
                if record_changed:
                    index_record(db, snapshot)
                ids = list(interpellation_ids(snapshot)) if fresh else sorted(touched)
                for iid in ids:
                    index_interpellation(db, snapshot, iid)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (head,))
                db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            return SyncReport(fresh, len(commits), len(ids), record_changed)

    def rebuild(self) -> SyncReport:
        with self._lock, self._transaction() as db:
            db.execute("DELETE FROM meta")
        return self.sync()

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # -- reading ----------------------------------------------------------------------

    def search(
        self,
        *,
        text: str = "",
        state: str | None = None,
        theme: str | None = None,
        group: str | None = None,
        authority: str | None = None,
        year: int | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Summary]:
        """Interpellations matching every filter given, most recently changed first."""
        where, params = [], []
        for column, value in (("state", state), ("theme", theme), ("grp", group), ("year", year)):
            if value is not None and value != "":
                where.append(f"i.{column} = ?")
                params.append(value)
        if authority:
            where.append("i.id IN (SELECT interpellation FROM addressees WHERE authority = ?)")
            params.append(authority)
        query = fts_query(text)
        if query:
            where.append(
                "i.id IN (SELECT interpellation FROM texts WHERE texts MATCH ? "
                "UNION SELECT interpellation FROM comments WHERE comments MATCH ?)"
            )
            params += [query, query]
        sql = "SELECT i.*, (SELECT group_concat(authority) FROM addressees a WHERE a.interpellation = i.id AND a.kind = 'to') FROM interpellations i"  # noqa: E501
        if where:
            sql += " WHERE " + " AND ".join(where)
        # julianday: dates carry their offset (+01:00 in winter, +02:00 in summer), so
        # their text does not sort in time order across a change of hour
        sql += " ORDER BY julianday(i.updated_at) DESC, i.id LIMIT ? OFFSET ?"
        rows = self._db().execute(sql, (*params, limit, offset)).fetchall()
        return [_summary(row) for row in rows]

    def count(self) -> int:
        return int(self._db().execute("SELECT count(*) FROM interpellations").fetchone()[0])

    def history(
        self, iid: InterpellationId, *, limit: int = 50, offset: int = 0
    ) -> list[HistoryEntry]:
        """The versions of one interpellation, newest first, without walking git."""
        rows = (
            self._db()
            .execute(
                "SELECT version, author_name, author_email, date, action, subject FROM history "
                "WHERE interpellation = ? ORDER BY seq DESC LIMIT ? OFFSET ?",
                (str(iid), limit, offset),
            )
            .fetchall()
        )
        return [HistoryEntry(*row) for row in rows]

    def history_length(self, iid: InterpellationId) -> int:
        row = (
            self._db()
            .execute("SELECT count(*) FROM history WHERE interpellation = ?", (str(iid),))
            .fetchone()
        )
        return int(row[0])

    def labels(self, table: str, language: Language) -> dict[str, str]:
        """Names of themes, groups or authorities in a language, by id."""
        if table not in LABEL_TABLES:
            raise InvalidIdentifier("table", table)
        column = "nl" if language == Language.NL else "fr"
        rows = self._db().execute(f"SELECT id, {column} FROM {table} ORDER BY {column}")  # noqa: S608
        return dict(rows.fetchall())


def fts_query(text: str) -> str:
    """A safe FTS5 query: every word quoted (no operators from users), prefix-matched.

    A "word" with no letter or digit (a lone quote, a dash) is dropped: FTS5 refuses
    an empty phrase, and a search for punctuation alone is no search at all.
    """
    words = [w.replace('"', "") for w in text.split()]
    return " ".join(f'"{w}"*' for w in words if any(c.isalnum() for c in w))


def _summary(row: Sequence[object]) -> Summary:
    return Summary(
        id=str(row[0]),
        title=str(row[3]),
        theme=str(row[4]),
        group=str(row[5]),
        languages=str(row[6]).split(","),
        state=str(row[7]),
        updated_at=str(row[11]) if row[11] else None,
        comments=int(str(row[13])),
        addressees=str(row[14] or "").split(",") if row[14] else [],
    )

"""A SQLite index derived from git: lists, search, per-interpellation history.

Never the source of truth: deleting the file loses nothing, it is rebuilt from
git. It remembers the last version it has seen and, when the branch has moved
(the service's own writes, or a commit made by hand), reads only the commits it
has not seen and re-reads only the interpellations they touched.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from interpellations.comments import comment_threads
from interpellations.errors import DomainError, InvalidIdentifier
from interpellations.ids import InterpellationId
from interpellations.interpellation import Interpellation, load_interpellation
from interpellations.model import Language
from interpellations.record import (
    AUTHORITIES_FILE,
    COORDINATION_FILE,
    MEMBERS_FILE,
    interpellation_ids,
    load_record,
)
from interpellations.states import state_of
from interpellations.store import CommitInfo, Snapshot, Store
from interpellations.store.refs import ZERO

SCHEMA_VERSION = "1"
RECORD_FILES = (COORDINATION_FILE, MEMBERS_FILE, AUTHORITIES_FILE)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS interpellations (
    id TEXT PRIMARY KEY, year INTEGER NOT NULL, slug TEXT NOT NULL, title TEXT NOT NULL,
    theme TEXT NOT NULL, grp TEXT NOT NULL, languages TEXT NOT NULL, state TEXT NOT NULL,
    text_id TEXT NOT NULL, created_at TEXT, created_by TEXT, updated_at TEXT,
    updated_version TEXT, comments INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS interpellations_state ON interpellations (state, updated_at);
CREATE INDEX IF NOT EXISTS interpellations_theme ON interpellations (theme);
CREATE INDEX IF NOT EXISTS interpellations_grp ON interpellations (grp);
CREATE TABLE IF NOT EXISTS addressees (
    interpellation TEXT NOT NULL, authority TEXT NOT NULL, kind TEXT NOT NULL,
    PRIMARY KEY (interpellation, authority, kind)
);
CREATE INDEX IF NOT EXISTS addressees_authority ON addressees (authority);
CREATE TABLE IF NOT EXISTS history (
    interpellation TEXT NOT NULL, seq INTEGER NOT NULL, version TEXT NOT NULL,
    author_name TEXT NOT NULL, author_email TEXT NOT NULL, date TEXT NOT NULL,
    action TEXT NOT NULL, subject TEXT NOT NULL, PRIMARY KEY (interpellation, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS themes (id TEXT PRIMARY KEY, fr TEXT NOT NULL, nl TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS groups (
    id TEXT PRIMARY KEY, fr TEXT NOT NULL, nl TEXT NOT NULL, theme TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS authorities (
    id TEXT PRIMARY KEY, fr TEXT NOT NULL, nl TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS texts USING fts5 (
    interpellation UNINDEXED, language UNINDEXED, title, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS comments USING fts5 (
    interpellation UNINDEXED, comment UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2'
);
"""


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
                    _clear(db)
                touched = _record_history(db, commits, fresh)
                record_changed = fresh or any(p in RECORD_FILES for c in commits for p in c.paths)
                if record_changed:
                    _index_record(db, snapshot)
                ids = list(interpellation_ids(snapshot)) if fresh else sorted(touched)
                for iid in ids:
                    _index_interpellation(db, snapshot, iid)
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
        if text.strip():
            query = fts_query(text)
            where.append(
                "i.id IN (SELECT interpellation FROM texts WHERE texts MATCH ? "
                "UNION SELECT interpellation FROM comments WHERE comments MATCH ?)"
            )
            params += [query, query]
        sql = "SELECT i.*, (SELECT group_concat(authority) FROM addressees a WHERE a.interpellation = i.id AND a.kind = 'to') FROM interpellations i"  # noqa: E501
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY i.updated_at DESC, i.id LIMIT ? OFFSET ?"
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
        if table not in ("themes", "groups", "authorities"):
            raise InvalidIdentifier("table", table)
        column = "nl" if language == Language.NL else "fr"
        rows = self._db().execute(f"SELECT id, {column} FROM {table} ORDER BY {column}")  # noqa: S608
        return dict(rows.fetchall())


def fts_query(text: str) -> str:
    """A safe FTS5 query: every word quoted (no operators from users), prefix-matched."""
    words = [w.replace('"', "") for w in text.split()]
    return " ".join(f'"{w}"*' for w in words if w)


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


def _clear(db: sqlite3.Connection) -> None:
    for table in (
        "interpellations",
        "addressees",
        "history",
        "texts",
        "comments",
        "themes",
        "groups",
        "authorities",
    ):
        db.execute(f"DELETE FROM {table}")  # noqa: S608


def _touched(commit: CommitInfo) -> set[InterpellationId]:
    ids = {iid for path in commit.paths if (iid := InterpellationId.from_path(path))}
    named = commit.trailers.get("Interpellation")
    if named:
        with suppress(InvalidIdentifier):
            ids.add(InterpellationId.parse(named))
    return ids


def _record_history(
    db: sqlite3.Connection, commits: list[CommitInfo], fresh: bool
) -> set[InterpellationId]:
    touched: set[InterpellationId] = set()
    next_seq: dict[str, int] = {}
    for commit in commits:
        for iid in _touched(commit):
            touched.add(iid)
            key = str(iid)
            if key not in next_seq:
                row = (
                    None
                    if fresh
                    else db.execute(
                        "SELECT max(seq) FROM history WHERE interpellation = ?", (key,)
                    ).fetchone()
                )
                next_seq[key] = (row[0] + 1) if row and row[0] is not None else 0
            db.execute(
                "INSERT INTO history VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    key,
                    next_seq[key],
                    commit.version,
                    commit.author.name,
                    commit.author.email,
                    commit.date.isoformat(),
                    commit.trailers.get("Action", "manual"),
                    commit.subject,
                ),
            )
            next_seq[key] += 1
    return touched


def _index_record(db: sqlite3.Connection, snapshot: Snapshot) -> None:
    try:
        record = load_record(snapshot)
    except DomainError:
        return  # an invalid record is reported by `check`; keep the last good labels
    for table in ("themes", "groups", "authorities"):
        db.execute(f"DELETE FROM {table}")  # noqa: S608
    coordination = record.coordination
    db.executemany(
        "INSERT INTO themes VALUES (?, ?, ?)",
        [(t.id, t.name.fr, t.name.nl) for t in coordination.themes],
    )
    db.executemany(
        "INSERT INTO groups VALUES (?, ?, ?, ?)",
        [(g.id, g.name.fr, g.name.nl, g.theme) for g in coordination.working_groups],
    )
    db.executemany(
        "INSERT INTO authorities VALUES (?, ?, ?)",
        [(a.id, a.title.fr, a.title.nl) for a in record.authorities],
    )


def _index_interpellation(
    db: sqlite3.Connection, snapshot: Snapshot, iid: InterpellationId
) -> None:
    key = str(iid)
    for table, column in (
        ("interpellations", "id"),
        ("addressees", "interpellation"),
        ("texts", "interpellation"),
        ("comments", "interpellation"),
    ):
        db.execute(f"DELETE FROM {table} WHERE {column} = ?", (key,))  # noqa: S608
    try:
        read = load_interpellation(snapshot, iid)
    except DomainError:
        return  # removed, or unreadable after a hand edit: `check` reports it
    _insert_interpellation(db, read)


def _insert_interpellation(db: sqlite3.Connection, read: Interpellation) -> None:
    key = str(read.id)
    front = read.french.front
    first = db.execute(
        "SELECT date, author_email FROM history WHERE interpellation = ? ORDER BY seq LIMIT 1",
        (key,),
    ).fetchone()
    last = db.execute(
        "SELECT date, version FROM history WHERE interpellation = ? ORDER BY seq DESC LIMIT 1",
        (key,),
    ).fetchone()
    threads = comment_threads(read)
    db.execute(
        "INSERT INTO interpellations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            key,
            read.id.year,
            read.id.slug,
            front.title,
            front.theme,
            front.group,
            ",".join(lang.value for lang in read.languages),
            state_of(read).value,
            read.text_id,
            first[0] if first else None,
            first[1] if first else None,
            last[0] if last else None,
            last[1] if last else None,
            len(threads),
        ),
    )
    db.executemany(
        "INSERT OR IGNORE INTO addressees VALUES (?, ?, ?)",
        [(key, a, "to") for a in front.addressees] + [(key, a, "cc") for a in front.copies],
    )
    for language, text in read.texts.items():
        body = "\n\n".join(section.body for section in text.sections.values())
        db.execute(
            "INSERT INTO texts VALUES (?, ?, ?, ?)", (key, language.value, text.front.title, body)
        )
    for thread in threads:
        for event in [thread.comment, *thread.replies]:
            db.execute("INSERT INTO comments VALUES (?, ?, ?)", (key, event.id, event.body))

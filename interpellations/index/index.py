"""A SQLite index derived from git: lists, search, per-interpellation history.

Never the source of truth: deleting the file loses nothing, it is rebuilt from
git. It remembers the last version it has seen and, when the branch has moved
(the service's own writes, or a commit made by hand), reads only the commits it
has not seen and re-reads only the interpellations they touched. The tables, and
how a commit and an interpellation become rows, are in `rows`. It keeps facts
only: how many signatures count for a side depends on the day it is asked
(`reading.listing`), never stored here.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from interpellations.errors import InvalidIdentifier
from interpellations.index.database import Database
from interpellations.index.rows import (
    LABEL_TABLES,
    SCHEMA,
    TextIdAt,
    clear,
    index_interpellation,
    index_record,
    load_for_index,
    record_history,
)
from interpellations.record.document import text_id
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import text_files
from interpellations.record.loading import RECORD_FILES, interpellation_ids
from interpellations.record.model import Language, Side, SignEvent
from interpellations.record.store import CommitInfo, Snapshot, Store
from interpellations.record.store.refs import ZERO

SCHEMA_VERSION = "5"
Reading = Callable[[InterpellationId], "str | None"]


@dataclass(frozen=True)
class ApprovedSide:
    """One side of the approval recorded for the current text: who, against which quorum."""

    side: Side
    quorum: int
    signers: tuple[str, ...]
    at: str


@dataclass(frozen=True)
class Summary:
    """One line of the list of interpellations: facts only, nothing that depends on the day."""

    id: str
    title: str
    theme: str
    group: str
    state: str
    text_id: str
    languages: list[str]
    updated_at: str | None
    addressees: list[str]
    comments: int
    open_objections: int = 0
    signatures: tuple[SignEvent, ...] = ()  # not withdrawn, for whatever text
    approval: tuple[ApprovedSide, ...] = ()  # recorded for the current text


@dataclass(frozen=True)
class HistoryEntry:
    """One version of an interpellation: who did what, and whether its text changed."""

    version: str
    author_name: str
    author_email: str
    date: str
    action: str
    subject: str
    text_id: str | None = None
    previous: str | None = None  # the version before it in this interpellation's history
    text_changed: bool = True  # its text differs from the previous version's (or is unknown)


HISTORY_COLUMNS = (
    "version, author_name, author_email, date, action, subject, text_id, "
    "lag(version) OVER (ORDER BY seq) AS previous, "
    "(text_id IS NULL OR lag(text_id) OVER (ORDER BY seq) IS NOT text_id) AS changed"
)


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
        self._database = Database(path, SCHEMA, "NORMAL")  # derived data: rebuilt if lost
        self._db = self._database.connection
        self._transaction = self._database.transaction

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

    def sync(self, until: str | None = None, reading: Reading | None = None) -> SyncReport:
        """Read the commits not seen yet; rebuild from scratch when history was rewritten.

        `until`: the version to read up to (the head by default; the last valid
        one while the record is read-only). `reading`: the version each
        interpellation is read at, when one is read-only at an older version
        (`record.health`); `None` leaves it out of the lists.
        """
        with self._lock:
            head = until or self.store.head()
            seen = self.version
            outdated = self._meta("schema") != SCHEMA_VERSION  # written by an older release
            if seen == head and not outdated:
                return SyncReport(False, 0, 0, False)
            fresh = (
                seen is None or outdated or head == ZERO or not self.store.is_ancestor(seen, head)
            )
            log = self.store.commits(None if fresh else seen, head)
            snapshot = self.store.snapshot(head)
            # a rebuild reads every interpellation while git, beside it, tells the history
            read_early = {
                iid: load_for_index(self._reading(snapshot, iid, reading), iid)
                for iid in (interpellation_ids(snapshot) if fresh else ())
            }
            commits: list[CommitInfo] = []
            with self._transaction() as db:
                if fresh:
                    clear(db)
                # each version as git tells it: Python and git work side by side
                told = _keeping(log, commits)
                touched = record_history(db, told, fresh, self._text_id_reader())
                record_changed = fresh or any(p in RECORD_FILES for c in commits for p in c.paths)
                if record_changed:
                    index_record(db, snapshot)
                ids = list(read_early) if fresh else sorted(touched)
                for iid in ids:
                    loaded = read_early.pop(iid, None) or load_for_index(
                        self._reading(snapshot, iid, reading), iid
                    )
                    index_interpellation(db, iid, loaded, fresh=fresh)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (head,))
                db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            return SyncReport(fresh, len(commits), len(ids), record_changed)

    def _reading(self, head: Snapshot, iid: InterpellationId, reading: Reading | None) -> Snapshot:
        version = reading(iid) if reading else head.version
        if version is None:
            return Snapshot(head.repo, ZERO)  # never loaded: nothing to list, rows dropped
        return head if version == head.version else self.store.snapshot(version)

    def _text_id_reader(self) -> TextIdAt:
        """The text id at a version made by hand (the service's commits carry theirs).

        One snapshot per version: a hand commit that touched many interpellations
        (an import) reads the trees above them once, not once for each.
        """
        snapshot_at = lru_cache(maxsize=1)(self.store.snapshot)

        def text_id_at(version: str, iid: InterpellationId) -> str | None:
            files = text_files(snapshot_at(version), iid)
            return text_id(files) if files else None

        return text_id_at

    def rebuild(self) -> SyncReport:
        with self._lock, self._transaction() as db:
            db.execute("DELETE FROM meta")
        return self.sync()

    def close(self) -> None:
        self._database.close()

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
        sql = f"SELECT {SUMMARY_COLUMNS} FROM interpellations i"  # noqa: S608
        if where:
            sql += " WHERE " + " AND ".join(where)
        # julianday: dates carry their offset (+01:00 in winter, +02:00 in summer), so
        # their text does not sort in time order across a change of hour
        sql += " ORDER BY julianday(i.updated_at) DESC, i.id LIMIT ? OFFSET ?"
        rows = self._db().execute(sql, (*params, limit, offset)).fetchall()
        return self._with_signatures([_summary(row) for row in rows])

    def _with_signatures(self, summaries: list[Summary]) -> list[Summary]:
        """The signatures and the recorded approval of each line, two queries for them all."""
        keys = json.dumps([s.id for s in summaries])
        signatures: dict[str, list[SignEvent]] = {}
        for row in self.rows(
            "SELECT interpellation, id, email, side, text_id, at, version FROM signatures "
            "WHERE interpellation IN (SELECT value FROM json_each(?)) ORDER BY position",
            (keys,),
        ):
            key, id_, email, side, text, at, version = row
            signatures.setdefault(key, []).append(
                SignEvent(id=id_, at=at, by=email, side=side, text_id=text, version=version)
            )
        approvals: dict[str, list[ApprovedSide]] = {}
        for key, side, quorum, signers, at in self.rows(
            "SELECT interpellation, side, quorum, signers, at FROM approvals "
            "WHERE interpellation IN (SELECT value FROM json_each(?)) ORDER BY side DESC",
            (keys,),
        ):
            approvals.setdefault(key, []).append(
                ApprovedSide(Side(side), int(quorum), tuple(filter(None, signers.split(","))), at)
            )
        return [
            replace(
                s,
                signatures=tuple(signatures.get(s.id, ())),
                approval=tuple(approvals.get(s.id, ())),
            )
            for s in summaries
        ]

    def count(self) -> int:
        return int(self._db().execute("SELECT count(*) FROM interpellations").fetchone()[0])

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """A read of the index, for the views kept in their own modules (`agenda`)."""
        return [tuple(row) for row in self._db().execute(sql, tuple(params)).fetchall()]

    def years(self) -> list[int]:
        """The years of creation present, newest first (the list's year filter)."""
        rows = self._db().execute("SELECT DISTINCT year FROM interpellations ORDER BY year DESC")
        return [int(row[0]) for row in rows.fetchall()]

    def history(
        self, iid: InterpellationId, *, limit: int = 50, offset: int = 0
    ) -> list[HistoryEntry]:
        """The versions of one interpellation, newest first, without walking git."""
        rows = (
            self._db()
            .execute(
                f"SELECT {HISTORY_COLUMNS} FROM history "  # noqa: S608
                "WHERE interpellation = ? ORDER BY seq DESC LIMIT ? OFFSET ?",
                (str(iid), limit, offset),
            )
            .fetchall()
        )
        return [_history_entry(row) for row in rows]

    def history_entry(self, iid: InterpellationId, version: str) -> HistoryEntry | None:
        """The history entry of one version of this interpellation, if it is one."""
        rows = (
            self._db()
            .execute(
                f"SELECT * FROM (SELECT {HISTORY_COLUMNS} FROM history "  # noqa: S608
                "WHERE interpellation = ?) WHERE version = ?",
                (str(iid), version),
            )
            .fetchall()
        )
        return _history_entry(rows[0]) if rows else None

    def history_length(self, iid: InterpellationId) -> int:
        row = (
            self._db()
            .execute("SELECT count(*) FROM history WHERE interpellation = ?", (str(iid),))
            .fetchone()
        )
        return int(row[0])

    def titles(self, ids: list[str], language: Language) -> dict[str, str]:
        """The titles of these interpellations that exist in `language`, by id."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._db().execute(
            f"SELECT interpellation, title FROM texts WHERE language = ? "  # noqa: S608
            f"AND interpellation IN ({marks})",
            (language.value, *ids),
        )
        return dict(rows.fetchall())

    def labels(self, table: str, language: Language) -> dict[str, str]:
        """Names of themes, groups or authorities in a language, by id."""
        if table not in LABEL_TABLES:
            raise InvalidIdentifier("table", table)
        column = "nl" if language == Language.NL else "fr"
        rows = self._db().execute(f"SELECT id, {column} FROM {table} ORDER BY {column}")  # noqa: S608
        return dict(rows.fetchall())


def _keeping(commits: Iterable[CommitInfo], kept: list[CommitInfo]) -> Iterator[CommitInfo]:
    """Each commit in turn, kept in `kept` as it passes."""
    for commit in commits:
        kept.append(commit)
        yield commit


def fts_query(text: str) -> str:
    """A safe FTS5 query: every word quoted (no operators from users), prefix-matched.

    A "word" with no letter or digit (a lone quote, a dash) is dropped: FTS5 refuses
    an empty phrase, and a search for punctuation alone is no search at all.
    """
    # a control character (a NUL typed in the address) is no part of a word: SQLite's
    # full-text search refuses it, and the person meant the words around it
    text = "".join(c if c.isprintable() else " " for c in text)
    words = [w.replace('"', "") for w in text.split()]
    return " ".join(f'"{w}"*' for w in words if any(c.isalnum() for c in w))


SUMMARY_COLUMNS = (
    "i.id, i.title, i.theme, i.grp, i.languages, i.state, i.text_id, i.updated_at, i.comments, "
    "(SELECT group_concat(authority) FROM addressees a "
    "WHERE a.interpellation = i.id AND a.kind = 'to'), i.open_objections"
)


def _summary(row: Sequence[object]) -> Summary:
    (id_, title, theme, group, languages, state, text, updated, comments, addressees) = row[:10]
    return Summary(
        id=str(id_),
        title=str(title),
        theme=str(theme),
        group=str(group),
        languages=str(languages).split(","),
        state=str(state),
        text_id=str(text),
        updated_at=str(updated) if updated else None,
        comments=int(str(comments)),
        addressees=str(addressees).split(",") if addressees else [],
        open_objections=int(str(row[10] or 0)),
    )


def _history_entry(row: Sequence[object]) -> HistoryEntry:
    version, name, email, date, action, subject, text, previous, changed = row
    return HistoryEntry(
        version=str(version),
        author_name=str(name),
        author_email=str(email),
        date=str(date),
        action=str(action),
        subject=str(subject),
        text_id=str(text) if text else None,
        previous=str(previous) if previous else None,
        text_changed=bool(changed),
    )

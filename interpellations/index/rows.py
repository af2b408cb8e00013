"""How git becomes rows of the index: one commit's history, one interpellation's texts.

The write side of `interpellations.index.index`: the schema, and what one sync does to
the tables for the commits it reads. Every function runs inside the sync's
transaction, so a reader never sees an interpellation half indexed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from interpellations.errors import DomainError
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import Interpellation, load_interpellation
from interpellations.record.loading import load_record
from interpellations.record.model import CommentEvent
from interpellations.record.store import CommitInfo, Snapshot
from interpellations.record.trailers import MANUAL, InvalidTrailers, Trailers
from interpellations.rules.parity import active_signatures, objection_statuses
from interpellations.rules.states import recorded_approval, state_from

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS interpellations (
    id TEXT PRIMARY KEY, year INTEGER NOT NULL, slug TEXT NOT NULL, title TEXT NOT NULL,
    theme TEXT NOT NULL, grp TEXT NOT NULL, languages TEXT NOT NULL, state TEXT NOT NULL,
    text_id TEXT NOT NULL, created_at TEXT, created_by TEXT, updated_at TEXT,
    updated_version TEXT, comments INTEGER NOT NULL DEFAULT 0,
    open_objections INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS interpellations_year ON interpellations (year);
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
    action TEXT NOT NULL, subject TEXT NOT NULL, text_id TEXT,
    PRIMARY KEY (interpellation, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS signatures (
    interpellation TEXT NOT NULL, id TEXT NOT NULL, email TEXT NOT NULL, side TEXT NOT NULL,
    text_id TEXT NOT NULL, at TEXT NOT NULL, version TEXT NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (interpellation, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS signatures_email ON signatures (email);
CREATE TABLE IF NOT EXISTS approvals (
    interpellation TEXT NOT NULL, side TEXT NOT NULL, text_id TEXT NOT NULL, at TEXT NOT NULL,
    quorum INTEGER NOT NULL, signers TEXT NOT NULL, PRIMARY KEY (interpellation, side)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS objections (
    interpellation TEXT NOT NULL, id TEXT NOT NULL, author TEXT NOT NULL, at TEXT NOT NULL,
    reason TEXT NOT NULL, PRIMARY KEY (interpellation, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fts_rows (
    interpellation TEXT NOT NULL, tbl TEXT NOT NULL, row INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS fts_rows_interpellation ON fts_rows (interpellation);
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


# What one interpellation has in the index, by table and column naming it
PER_INTERPELLATION = (
    ("interpellations", "id"),
    ("addressees", "interpellation"),
    ("signatures", "interpellation"),
    ("approvals", "interpellation"),
    ("objections", "interpellation"),
)
# Full-text tables cannot index their `interpellation` column: their rows are
# found through `fts_rows` and deleted by rowid, not by a scan of every text.
FULL_TEXT_TABLES = ("texts", "comments")
LABEL_TABLES = ("themes", "groups", "authorities")

TextIdAt = Callable[[str, InterpellationId], "str | None"]
"""The text id of an interpellation at a version (None where it has no text)."""


def clear(db: sqlite3.Connection) -> None:
    """Drop and recreate every derived table before a rebuild from the first commit.

    Dropped, not emptied: a rebuild after a change of `SCHEMA_VERSION` gets the
    new columns. Statements one by one, inside the sync's transaction.
    """
    tables = [t for t, _ in PER_INTERPELLATION]
    for table in [*tables, *FULL_TEXT_TABLES, "fts_rows", "history", *LABEL_TABLES]:
        db.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def trailers_of(commit: CommitInfo) -> Trailers | None:
    """The product's trailers of a commit; `None` for one made by hand.

    A hand commit that imitates the product's trailers without saying them its
    way is taken for what it is: a hand commit.
    """
    try:
        return Trailers.parse(commit.trailers)
    except InvalidTrailers:
        return None


def _touched(commit: CommitInfo, trailers: Trailers | None) -> set[InterpellationId]:
    ids = {iid for path in commit.paths if (iid := InterpellationId.from_path(path))}
    if trailers and trailers.interpellation:
        ids.add(trailers.interpellation)
    return ids


def _text_id_of(
    commit: CommitInfo, trailers: Trailers | None, iid: InterpellationId, text_id_at: TextIdAt
) -> str | None:
    """The text id after the commit: its trailer when the product wrote it, else read."""
    if trailers and trailers.interpellation == iid and trailers.text_id:
        return trailers.text_id
    return text_id_at(commit.version, iid)


def record_history(
    db: sqlite3.Connection, commits: Iterable[CommitInfo], fresh: bool, text_id_at: TextIdAt
) -> set[InterpellationId]:
    """Append each commit to the history of the interpellations it touched; return those.

    A commit without an `Action` trailer was made by hand (a clone and a push): it
    is kept as `manual`, so the history shows it too. Each entry keeps the text id
    after it, so the history can tell which versions changed the text.
    """
    touched: set[InterpellationId] = set()
    next_seq: dict[str, int] = {}
    rows = []
    for commit in commits:
        trailers = trailers_of(commit)
        for iid in _touched(commit, trailers):
            touched.add(iid)
            key = str(iid)
            if key not in next_seq:
                next_seq[key] = 0 if fresh else _next_seq(db, key)
            rows.append(
                (
                    key,
                    next_seq[key],
                    commit.version,
                    commit.author.name,
                    commit.author.email,
                    commit.date.isoformat(),
                    trailers.action.value if trailers else MANUAL,
                    commit.subject,
                    _text_id_of(commit, trailers, iid, text_id_at),
                )
            )
            next_seq[key] += 1
    db.executemany("INSERT INTO history VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return touched


def _next_seq(db: sqlite3.Connection, key: str) -> int:
    row = db.execute("SELECT max(seq) FROM history WHERE interpellation = ?", (key,)).fetchone()
    return 0 if row[0] is None else int(row[0]) + 1


def index_record(db: sqlite3.Connection, snapshot: Snapshot) -> None:
    """The names of themes, groups and authorities, for the filters of the list."""
    try:
        record = load_record(snapshot)
    except DomainError:
        return  # an invalid record is reported by `check`; keep the last good labels
    for table in LABEL_TABLES:
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


@dataclass(frozen=True)
class Loaded:
    """One interpellation as the index reads it at a version."""

    interpellation: Interpellation | None  # None: nothing there, its folder is gone
    unreadable: bool = False  # a hand edit broke it: it keeps the rows it had


def load_for_index(snapshot: Snapshot, iid: InterpellationId) -> Loaded:
    """Read one interpellation for the index; one that does not load is marked so.

    The list goes on showing an unreadable one as it last loaded, and
    `record.health` says why it is read-only.
    """
    try:
        return Loaded(load_interpellation(snapshot, iid))
    except (DomainError, UnicodeDecodeError):
        return Loaded(None, unreadable=bool(snapshot.list(iid.folder)))


def index_interpellation(
    db: sqlite3.Connection, iid: InterpellationId, loaded: Loaded, *, fresh: bool = False
) -> None:
    """Replace the rows of one interpellation; `fresh`: the tables were just emptied."""
    if loaded.unreadable:
        return
    if not fresh:
        for table, column in PER_INTERPELLATION:
            db.execute(f"DELETE FROM {table} WHERE {column} = ?", (str(iid),))  # noqa: S608
        _delete_words(db, str(iid))
    if loaded.interpellation is not None:
        _insert_interpellation(db, loaded.interpellation)


def _insert_interpellation(db: sqlite3.Connection, read: Interpellation) -> None:
    key = str(read.id)
    front = read.french.front
    events = read.journal.events
    first = db.execute(
        "SELECT date, author_email FROM history WHERE interpellation = ? ORDER BY seq LIMIT 1",
        (key,),
    ).fetchone()
    last = db.execute(
        "SELECT date, version FROM history WHERE interpellation = ? ORDER BY seq DESC LIMIT 1",
        (key,),
    ).fetchone()
    still_open = [o.event for o in objection_statuses(events) if o.open]
    db.execute(
        "INSERT INTO interpellations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            key,
            read.id.year,
            read.id.slug,
            front.title,
            front.theme,
            front.group,
            ",".join(lang.value for lang in read.languages),
            state_from(events, read.text_id).value,
            read.text_id,
            first[0] if first else None,
            first[1] if first else None,
            last[0] if last else None,
            last[1] if last else None,
            sum(1 for e in events if isinstance(e, CommentEvent) and not e.reply_to),
            len(still_open),
        ),
    )
    db.executemany(
        "INSERT OR IGNORE INTO addressees VALUES (?, ?, ?)",
        [(key, a, "to") for a in front.addressees] + [(key, a, "cc") for a in front.copies],
    )
    db.executemany(
        "INSERT INTO objections VALUES (?, ?, ?, ?, ?)",
        [(key, o.id, o.by, o.at.isoformat(), o.reason) for o in still_open],
    )
    _insert_signatures(db, read)
    _insert_words(db, read)


def _insert_signatures(db: sqlite3.Connection, read: Interpellation) -> None:
    """Facts, never counts: the signatures not withdrawn, and the approval of the current text.

    Who counts for a side depends on the day it is asked (a substitute counts in
    place of a member sitting that day), so the counting is done when a list is read.
    """
    key = str(read.id)
    db.executemany(
        "INSERT INTO signatures VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [  # in the journal's order, the order the rule counts them in
            (key, s.id, s.by, s.side.value, s.text_id, s.at.isoformat(), s.version, position)
            for position, s in enumerate(active_signatures(read.journal.events))
        ],
    )
    approval = recorded_approval(read.journal.events, read.text_id)
    if approval is not None:
        db.executemany(
            "INSERT INTO approvals VALUES (?, ?, ?, ?, ?, ?)",
            [
                (key, c.side.value, approval.text_id, approval.at.isoformat(), c.quorum,
                 ",".join(c.signatures))
                for c in approval.sides
            ],
        )  # fmt: skip


def _insert_words(db: sqlite3.Connection, read: Interpellation) -> None:
    """What full-text search reads: each language's title and sections, every comment."""
    key = str(read.id)
    rows: list[tuple[str, str, int | None]] = []
    for language, text in read.texts.items():
        body = "\n\n".join(section.body for section in text.sections.values())
        cursor = db.execute(
            "INSERT INTO texts VALUES (?, ?, ?, ?)", (key, language.value, text.front.title, body)
        )
        rows.append((key, "texts", cursor.lastrowid))
    for event in read.journal.events:
        if isinstance(event, CommentEvent):
            cursor = db.execute(
                "INSERT INTO comments VALUES (?, ?, ?)", (key, event.id, event.body)
            )
            rows.append((key, "comments", cursor.lastrowid))
    db.executemany("INSERT INTO fts_rows VALUES (?, ?, ?)", rows)


def _delete_words(db: sqlite3.Connection, key: str) -> None:
    for table in FULL_TEXT_TABLES:
        db.execute(
            f"DELETE FROM {table} WHERE rowid IN "  # noqa: S608 - table names from a constant
            "(SELECT row FROM fts_rows WHERE interpellation = ? AND tbl = ?)",
            (key, table),
        )
    db.execute("DELETE FROM fts_rows WHERE interpellation = ?", (key,))

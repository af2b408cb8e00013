"""Accounts, sessions and one-time tokens: the service's own SQLite database, never git.

Who is a member, and of which side, is in the record; what lets a person prove
they are that member (a password hash, a session, an invitation) is a secret and
lives here. Tokens are random, shown once, and stored only as their SHA-256.
Committed with `synchronous=FULL`: an acknowledged password or session survives
a power cut.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from interpellations.index.database import Database
from interpellations.record.model import Language

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    email TEXT PRIMARY KEY, password_hash TEXT, language TEXT NOT NULL DEFAULT 'fr',
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY, email TEXT NOT NULL, kind TEXT NOT NULL,
    created_at TEXT NOT NULL, last_seen TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_email ON sessions (email);
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY, email TEXT NOT NULL, purpose TEXT NOT NULL,
    expires_at TEXT NOT NULL, used_at TEXT
);
CREATE TABLE IF NOT EXISTS second_factors (
    email TEXT PRIMARY KEY, secret TEXT NOT NULL, confirmed_at TEXT,
    last_step INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS working_copies (
    email TEXT NOT NULL, interpellation TEXT NOT NULL, base TEXT NOT NULL, texts TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '', saved_at TEXT NOT NULL, PRIMARY KEY (email, interpellation)
);
-- links asked for by e-mail (`links_asked`): what was asked, until the mail worker
-- decides it; then each request, counted by its address's hash
CREATE TABLE IF NOT EXISTS links_asked (
    id INTEGER PRIMARY KEY, email TEXT NOT NULL, purpose TEXT NOT NULL, at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS link_requests (
    address TEXT NOT NULL, at TEXT NOT NULL, issued INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS link_requests_address ON link_requests (address, at);
CREATE INDEX IF NOT EXISTS link_requests_at ON link_requests (at);
CREATE TABLE IF NOT EXISTS recovery_codes (
    email TEXT NOT NULL, code_hash TEXT NOT NULL, used_at TEXT, PRIMARY KEY (email, code_hash)
);
"""
# Columns added after the first release, each with the statement that adds it
COLUMNS = {
    ("sessions", "proven_at"): "ALTER TABLE sessions ADD COLUMN proven_at TEXT",
    ("accounts", "disabled_at"): "ALTER TABLE accounts ADD COLUMN disabled_at TEXT",
}

IDLE = {"cookie": dt.timedelta(hours=12), "bearer": dt.timedelta(days=30)}
ABSOLUTE = {"cookie": dt.timedelta(days=14), "bearer": dt.timedelta(days=90)}
TOKEN_LIFETIME = dt.timedelta(hours=48)


class Purpose(StrEnum):
    INVITE = "invite"
    RESET = "reset"


@dataclass(frozen=True)
class Account:
    """Who a session or token belongs to, and what it has proven."""

    email: str
    language: Language
    factor: bool = False  # an authenticator app is set up for this account
    proven_at: dt.datetime | None = None  # when this session last gave a second-factor code
    session: str = ""  # the session's public id (not its token)

    def proven_since(self, moment: dt.datetime) -> bool:
        return self.proven_at is not None and self.proven_at >= moment


@dataclass(frozen=True)
class SessionInfo:
    """One open session or API token, as its owner sees it in the profile."""

    id: str
    kind: str  # cookie | bearer
    created_at: dt.datetime
    last_seen: dt.datetime


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


PUBLIC_ID = 16  # a session is named to its owner by the start of its token's digest


def _public_id(token: str) -> str:
    """How a session is named to its owner: never the token itself."""
    return token_digest(token)[:PUBLIC_ID]


class Accounts:
    """The accounts database of one service."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._hasher = PasswordHasher()
        # secrets that exist nowhere else: an acknowledged change survives a power cut
        self._database = Database(path, SCHEMA, "FULL")
        self._db = self._database.connection
        self._write = self._database.transaction
        self._db()  # create the schema now: a bad path fails at start-up, not at login
        self._add_columns()

    @property
    def database(self) -> Database:
        return self._database

    def _add_columns(self) -> None:
        """Bring a database made by an older release up to this one's columns."""
        for (table, column), statement in COLUMNS.items():
            present = {row[1] for row in self._db().execute(f"PRAGMA table_info({table})")}
            if column not in present:
                with self._write() as db:
                    db.execute(statement)

    # -- passwords ------------------------------------------------------------------

    def set_password(self, email: str, password: str) -> None:
        digest = self._hasher.hash(password)
        with self._write() as db:
            db.execute(
                "INSERT INTO accounts (email, password_hash, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT (email) DO UPDATE SET password_hash = excluded.password_hash",
                (email, digest, _now().isoformat()),
            )
            # a new password ends every session opened with the old one, and voids every
            # link still unused (a reset asked twice, an old invitation)
            db.execute("DELETE FROM sessions WHERE email = ?", (email,))
            db.execute(
                "UPDATE tokens SET used_at = ? WHERE email = ? AND used_at IS NULL",
                (_now().isoformat(), email),
            )

    def verify(self, email: str, password: str) -> bool:
        row = (
            self._db()
            .execute("SELECT password_hash, disabled_at FROM accounts WHERE email = ?", (email,))
            .fetchone()
        )
        if row is None or not row[0] or row[1]:
            self._hasher.hash(password)  # same cost whether the account exists or not
            return False
        try:
            self._hasher.verify(row[0], password)
        except (VerificationError, InvalidHashError):
            return False
        if self._hasher.check_needs_rehash(row[0]):
            self.set_password(email, password)
        return True

    def has_password(self, email: str) -> bool:
        row = (
            self._db()
            .execute("SELECT password_hash FROM accounts WHERE email = ?", (email,))
            .fetchone()
        )
        return bool(row and row[0])

    def disable(self, email: str) -> None:
        """No more logins, and every open session, API token and link of the account ends now."""
        with self._write() as db:
            db.execute(
                "INSERT INTO accounts (email, created_at, disabled_at) VALUES (?, ?, ?) "
                "ON CONFLICT (email) DO UPDATE SET disabled_at = excluded.disabled_at",
                (email, _now().isoformat(), _now().isoformat()),
            )
            db.execute("DELETE FROM sessions WHERE email = ?", (email,))
            db.execute("DELETE FROM tokens WHERE email = ?", (email,))

    def enable(self, email: str) -> None:
        with self._write() as db:
            db.execute("UPDATE accounts SET disabled_at = NULL WHERE email = ?", (email,))

    def disabled(self) -> set[str]:
        """The e-mail addresses of the disabled accounts."""
        rows = self._db().execute("SELECT email FROM accounts WHERE disabled_at IS NOT NULL")
        return {row[0] for row in rows}

    def language_of(self, email: str) -> Language:
        query = "SELECT language FROM accounts WHERE email = ?"
        row = self._db().execute(query, (email,)).fetchone()
        return Language(row[0]) if row else Language.FR

    def set_language(self, email: str, language: Language) -> None:
        with self._write() as db:
            db.execute("UPDATE accounts SET language = ? WHERE email = ?", (language.value, email))

    # -- sessions -------------------------------------------------------------------

    def open_session(self, email: str, kind: str = "cookie") -> str:
        """A new session token (shown once); the caller sets it as a cookie or returns it."""
        token = secrets.token_urlsafe(32)
        moment = _now().isoformat()
        with self._write() as db:
            db.execute(
                "INSERT INTO sessions (token_hash, email, kind, created_at, last_seen) "
                "VALUES (?, ?, ?, ?, ?)",
                (token_digest(token), email, kind, moment, moment),
            )
        return token

    def session(self, token: str) -> Account | None:
        """The account of a live session; an expired one is closed on the way."""
        row = (
            self._db()
            .execute(
                "SELECT s.email, s.kind, s.created_at, s.last_seen, a.language, s.proven_at, "
                "f.confirmed_at FROM sessions s JOIN accounts a ON a.email = s.email "
                "LEFT JOIN second_factors f ON f.email = s.email "
                "WHERE s.token_hash = ? AND a.disabled_at IS NULL",
                (token_digest(token),),
            )
            .fetchone()
        )
        if row is None:
            return None
        email, kind, created, seen, language, proven, factor = row
        now = _now()
        if (
            now - dt.datetime.fromisoformat(seen) > IDLE[kind]
            or now - dt.datetime.fromisoformat(created) > ABSOLUTE[kind]
        ):
            self.close_session(token)
            return None
        if now - dt.datetime.fromisoformat(seen) > dt.timedelta(minutes=5):
            with self._write() as db:  # not on every request: one write per five minutes
                db.execute(
                    "UPDATE sessions SET last_seen = ? WHERE token_hash = ?",
                    (now.isoformat(), token_digest(token)),
                )
        return Account(
            email,
            Language(language),
            factor=factor is not None,
            proven_at=dt.datetime.fromisoformat(proven) if proven else None,
            session=_public_id(token),
        )

    def prove(self, token: str) -> None:
        """The session's person has just given a valid second-factor code."""
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET proven_at = ? WHERE token_hash = ?",
                (_now().isoformat(), token_digest(token)),
            )

    def sessions_of(self, email: str) -> list[SessionInfo]:
        """The open sessions and API tokens of one person, most recently used first."""
        rows = (
            self._db()
            .execute(
                "SELECT token_hash, kind, created_at, last_seen FROM sessions WHERE email = ? "
                "ORDER BY last_seen DESC",
                (email,),
            )
            .fetchall()
        )
        return [
            SessionInfo(
                row[0][:PUBLIC_ID],
                row[1],
                dt.datetime.fromisoformat(row[2]),
                dt.datetime.fromisoformat(row[3]),
            )
            for row in rows
        ]

    def revoke(self, email: str, public_id: str) -> bool:
        """End one of the person's sessions or tokens, named by its public id."""
        if len(public_id) != PUBLIC_ID or not all(c in "0123456789abcdef" for c in public_id):
            return False
        with self._write() as db:
            done = db.execute(
                "DELETE FROM sessions WHERE email = ? AND substr(token_hash, 1, ?) = ?",
                (email, PUBLIC_ID, public_id),
            )
            return done.rowcount > 0

    def close_other_sessions(self, email: str, token: str) -> None:
        with self._write() as db:
            db.execute(
                "DELETE FROM sessions WHERE email = ? AND token_hash != ?",
                (email, token_digest(token)),
            )

    def close_session(self, token: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM sessions WHERE token_hash = ?", (token_digest(token),))

    # -- invitations and resets ------------------------------------------------------

    def issue_token(
        self, email: str, purpose: Purpose, db: sqlite3.Connection | None = None
    ) -> str:
        """A new link's token; inside `db`'s transaction when given (its mail with it)."""
        token = secrets.token_urlsafe(32)
        row = (token_digest(token), email, purpose.value, (_now() + TOKEN_LIFETIME).isoformat())
        if db is not None:
            db.execute("INSERT INTO tokens VALUES (?, ?, ?, ?, NULL)", row)
            return token
        with self._write() as own:
            own.execute("INSERT INTO tokens VALUES (?, ?, ?, ?, NULL)", row)
        return token

    def token_email(self, token: str, purpose: Purpose) -> str | None:
        """The e-mail a token was issued for, if it is unused and not expired."""
        row = (
            self._db()
            .execute(
                "SELECT email, expires_at, used_at FROM tokens "
                "WHERE token_hash = ? AND purpose = ?",
                (token_digest(token), purpose.value),
            )
            .fetchone()
        )
        if row is None or row[2] is not None or dt.datetime.fromisoformat(row[1]) < _now():
            return None
        return str(row[0])

    def use_token(self, token: str, purpose: Purpose, password: str) -> str | None:
        """Spend a token to set the password; the e-mail, or None if it cannot be used."""
        email = self.token_email(token, purpose)
        if email is None:
            return None
        with self._write() as db:
            db.execute(
                "UPDATE tokens SET used_at = ? WHERE token_hash = ?",
                (_now().isoformat(), token_digest(token)),
            )
        self.set_password(email, password)
        return email

    def close(self) -> None:
        self._database.close()

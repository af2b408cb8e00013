"""One outbox for all mail: written in the request, sent by one worker, never twice.

A request that mails (a reset link, an invitation; later the letters and the
reminders) only adds the composed message to the `outbox` table of the service's
database, in its own transaction: no request waits on an SMTP server, and the
answer takes the same time whether or not a mail was written. One thread sends
what is due, oldest first, and marks it sent; a refusal or an unreachable server
is retried later with growing delays. Each message keeps the Message-ID it was
composed with: a crash between the server's acceptance and the mark sends it once
more, with the same id, which mail clients show once.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import smtplib
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from interpellations.clock import now as local_now
from interpellations.index.database import Database
from interpellations.mailer import MailSettings, compose, deliver

log = logging.getLogger("interpellations.outbox")

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY, message_id TEXT NOT NULL UNIQUE, recipient TEXT NOT NULL,
    message BLOB NOT NULL, created_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT NOT NULL, sent_at TEXT, last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (sent_at, next_try_at);
"""
DELAYS = (10.0, 60.0, 300.0, 1800.0, 7200.0)  # then every two hours, for days
KEPT_SENT = dt.timedelta(days=30)  # a sent message's row (its headers) is kept this long


def now() -> dt.datetime:
    """In UTC: the times are compared as text, and Brussels' time goes back in October."""
    return local_now().astimezone(dt.UTC)


IDLE_SECONDS = 60.0  # a look at the table now and then, whatever wakes the worker


@dataclass(frozen=True)
class Pending:
    """The mail not sent yet, as the administration and `/readyz` show it."""

    count: int
    oldest: str | None
    last_error: str


class Outbox:
    """The `outbox` table of the service's database, and the worker that empties it."""

    def __init__(
        self, database: Database, settings: MailSettings, delays: Sequence[float] = DELAYS
    ) -> None:
        self._database = database
        self._settings = settings
        self._delays = tuple(delays)
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._sending = threading.Lock()
        # what composes mail outside the requests (the links asked for), run before each
        # sending, in the worker: the requests that ask never wait on it
        self.before_sending: list[Callable[[], object]] = []
        database.connection().executescript(SCHEMA)

    # -- writing --------------------------------------------------------------------

    def add(self, to: str, subject: str, body: str, db: sqlite3.Connection | None = None) -> str:
        """Queue one message; its Message-ID.

        Inside `db`'s transaction when given: then the caller `wake`s the worker once
        it has committed (woken before, the worker would find nothing yet).
        """
        message = compose(self._settings, to, subject, body)
        row = (
            str(message["Message-ID"]),
            to,
            bytes(message),
            now().isoformat(),
            now().isoformat(),
        )
        insert = (
            "INSERT INTO outbox (message_id, recipient, message, created_at, next_try_at) "
            "VALUES (?, ?, ?, ?, ?)"
        )
        if db is not None:
            db.execute(insert, row)
            return row[0]
        with self._database.transaction() as own:
            own.execute(insert, row)
        self.wake()
        return row[0]

    def wake(self) -> None:
        """Have the worker look at the table now (what was just committed)."""
        self._wake.set()

    # -- sending --------------------------------------------------------------------

    def send_due(self) -> int:
        """Send every message whose time has come, oldest first; how many left."""
        with self._sending:  # one sender: a message is never handed over twice at once
            for compose_more in self.before_sending:
                try:
                    compose_more()
                except Exception:  # what is already queued still leaves
                    log.exception("mail could not be composed before sending")
            sent = 0
            for message_id, raw, attempts in self._due():
                if self._send_one(message_id, raw, attempts):
                    sent += 1
            return sent

    def _due(self) -> list[tuple[str, bytes, int]]:
        rows = self._database.connection().execute(
            "SELECT message_id, message, attempts FROM outbox "
            "WHERE sent_at IS NULL AND next_try_at <= ? ORDER BY id",
            (now().isoformat(),),
        )
        return [(str(m), bytes(raw), int(a)) for m, raw, a in rows.fetchall()]

    def _send_one(self, message_id: str, raw: bytes, attempts: int) -> bool:
        # the next try is set before this one: if the mark below cannot be written (a
        # full disk), the message goes again once, later, not on every turn of the loop
        delay = self._delays[min(attempts, len(self._delays) - 1)]
        later = (now() + dt.timedelta(seconds=delay)).isoformat()
        with self._database.transaction() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, next_try_at = ? WHERE message_id = ?",
                (later, message_id),
            )
        # the default policy parses into the `EmailMessage` it was composed as
        message = email.message_from_bytes(raw, policy=email.policy.default)
        try:
            deliver(self._settings, message)
        except (OSError, smtplib.SMTPException) as error:
            with self._database.transaction() as db:
                db.execute(
                    "UPDATE outbox SET last_error = ? WHERE message_id = ?",
                    (f"{type(error).__name__}: {error}"[:500], message_id),
                )
            log.warning("mail %s not sent (try %s): %s", message_id, attempts + 1, error)
            return False
        # sent: its body goes (a reset link is a secret, as its token's hash is); the
        # row stays a while with its headers, then goes too
        with self._database.transaction() as db:
            db.execute(
                "UPDATE outbox SET sent_at = ?, last_error = '', message = X'' "
                "WHERE message_id = ?",
                (now().isoformat(), message_id),
            )
            db.execute("DELETE FROM outbox WHERE sent_at < ?", ((now() - KEPT_SENT).isoformat(),))
        return True

    def pending(self) -> Pending:
        count, oldest, error = (
            self._database.connection()
            .execute(
                "SELECT count(*), min(created_at), "
                "(SELECT last_error FROM outbox WHERE sent_at IS NULL ORDER BY id DESC LIMIT 1) "
                "FROM outbox WHERE sent_at IS NULL"
            )
            .fetchone()
        )
        return Pending(int(count), oldest, error or "")

    # -- the worker -----------------------------------------------------------------

    def start(self) -> None:
        """The one thread that sends; what a previous run left unsent goes first."""
        self._stopping.clear()
        self._wake.set()
        self._thread = threading.Thread(target=self._serve, name="outbox", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                self._wake.wait(self._seconds_to_next())
                self._wake.clear()
                if self._stopping.is_set():
                    break
                self.send_due()
            except Exception:  # the only sender: log, wait, and go on
                log.exception("the outbox could not be emptied")
                self._stopping.wait(self._delays[0])

    def _seconds_to_next(self) -> float:
        row = (
            self._database.connection()
            .execute("SELECT min(next_try_at) FROM outbox WHERE sent_at IS NULL")
            .fetchone()
        )
        if row is None or row[0] is None:
            return IDLE_SECONDS
        due = dt.datetime.fromisoformat(row[0])
        return max(0.0, min(IDLE_SECONDS, (due - now()).total_seconds()))

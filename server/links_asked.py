"""Links asked for by e-mail (a forgotten password): asked in the request, decided later.

The request writes one row whoever asks, a member or a stranger, and wakes the mail
worker: neither its answer nor the time it takes tells which addresses are members.
The worker decides each link asked before it sends (`login.decide_links_asked`): a
member within the limits gets a token and its mail, written in the transaction that
forgets what was asked, so each is decided once; anyone else gets nothing.

Requests are counted per address (its hash: never kept in clear) and overall.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable

from server.accounts import Accounts, Purpose, token_digest

# per hour: few per address (a typo, an impatient second click), a ceiling for all
# (someone asking for every member at once)
LINK_WINDOW = dt.timedelta(hours=1)
LINKS_PER_ADDRESS = 3
LINKS_OVERALL = 30

Mail = Callable[[sqlite3.Connection, str], None]
"""What writes a link's mail to the outbox, given the transaction and the link's token."""


def ask_link(accounts: Accounts, email: str, purpose: Purpose) -> None:
    with accounts.database.transaction() as db:
        db.execute(
            "INSERT INTO links_asked (email, purpose, at) VALUES (?, ?, ?)",
            (email, purpose.value, _now().isoformat()),
        )


def links_asked(accounts: Accounts) -> list[tuple[int, str, Purpose]]:
    """The links asked and not decided yet, oldest first: (id, e-mail, purpose)."""
    rows = accounts.database.connection().execute(
        "SELECT id, email, purpose FROM links_asked ORDER BY id"
    )
    return [(int(id_), str(email), Purpose(purpose)) for id_, email, purpose in rows]


def decide_link(
    accounts: Accounts, asked: int, email: str, purpose: Purpose, mail: Mail | None
) -> bool:
    """Issue the link asked and `mail` it if allowed (`mail` is None for a stranger)."""
    at = _now()
    address = token_digest(email)
    with accounts.database.transaction() as db:
        db.execute("DELETE FROM links_asked WHERE id = ?", (asked,))
        db.execute("DELETE FROM link_requests WHERE at <= ?", ((at - LINK_WINDOW).isoformat(),))
        # per address, every request; overall, the links sent: made-up addresses
        # must not use up the allowance of the members
        mine, issued = db.execute(
            "SELECT count(*) FILTER (WHERE address = ?), count(*) FILTER (WHERE issued = 1) "
            "FROM link_requests",
            (address,),
        ).fetchone()
        allowed = mail is not None and mine < LINKS_PER_ADDRESS and issued < LINKS_OVERALL
        db.execute("INSERT INTO link_requests VALUES (?, ?, ?)", (address, at.isoformat(), allowed))
        if mail is None or not allowed:
            return False
        mail(db, accounts.issue_token(email, purpose, db))
    return True


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)

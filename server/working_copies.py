"""Working copies: what a person is writing, kept on the server between two versions.

The editor sends its text here a few seconds after each pause in typing, so
that a closed tab, a lost connection, an ended session or another computer
loses nothing. A working copy is the person's own and is never a commit: it
lives in the service's database (committed with `synchronous=FULL`, like the
accounts), one per person and interpellation, until they save a version from it
or discard it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass

from interpellations.errors import NotFound
from interpellations.record.ids import InterpellationId
from interpellations.record.model import Language
from interpellations.record.store import Store
from server.accounts import Accounts


@dataclass(frozen=True)
class WorkingCopy:
    interpellation: str
    base: str  # the version the person started from
    texts: Mapping[Language, str]  # the text files, front matter first
    message: str
    saved_at: dt.datetime


class WorkingCopies:
    def __init__(self, accounts: Accounts, store: Store) -> None:
        self._database = accounts.database
        self._store = store

    def keep(
        self,
        email: str,
        iid: InterpellationId,
        base: str,
        texts: Mapping[Language, str],
        message: str = "",
    ) -> dt.datetime:
        """Keep (replace) the person's working copy; when it was kept.

        Only of an interpellation of the record, from one of its versions: a forged
        address or version is refused (`NotFound`) and keeps nothing.
        """
        if not self._store.snapshot().list(iid.folder):
            raise NotFound(what="interpellation", id=str(iid))
        base = self._store.resolve(base)
        moment = dt.datetime.now(dt.UTC)
        data = json.dumps({lang.value: text for lang, text in texts.items()}, ensure_ascii=False)
        with self._database.transaction() as db:
            db.execute(
                "INSERT INTO working_copies VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (email, interpellation) DO UPDATE SET base = excluded.base, "
                "texts = excluded.texts, message = excluded.message, saved_at = excluded.saved_at",
                (email, str(iid), base, data, message, moment.isoformat()),
            )
        return moment

    def get(self, email: str, iid: InterpellationId) -> WorkingCopy | None:
        row = (
            self._database.connection()
            .execute(
                "SELECT base, texts, message, saved_at FROM working_copies "
                "WHERE email = ? AND interpellation = ?",
                (email, str(iid)),
            )
            .fetchone()
        )
        if row is None:
            return None
        base, data, message, saved_at = row
        texts = {Language(k): v for k, v in json.loads(data).items() if k in {"fr", "nl"}}
        return WorkingCopy(str(iid), base, texts, message, dt.datetime.fromisoformat(saved_at))

    def discard(self, email: str, iid: InterpellationId) -> None:
        with self._database.transaction() as db:
            db.execute(
                "DELETE FROM working_copies WHERE email = ? AND interpellation = ?",
                (email, str(iid)),
            )

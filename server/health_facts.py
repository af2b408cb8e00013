"""What is read-only, how far the backups are, what mail waits: facts for `/readyz`.

`/readyz` is public (a probe asks it): it says which parts are broken, where (file,
line, the problem's code) and since which version, and how far the backups are in
counts and dates. The sentences, which quote the record's values (an e-mail, a
name), and the remote's address and git's errors are for coordinators only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from interpellations.record.health import Breakage
from interpellations.record.model import Language
from interpellations.wording.sentences import describe_problem
from server.service import Service


def breakage_facts(breakage: Breakage, *, detailed: bool) -> dict[str, Any]:
    """One broken part: which, since which version, readable at which, and every problem."""
    return {
        "part": breakage.part or "registre",
        "since": breakage.since,
        "readable_at": breakage.valid,
        "problems": [
            {"file": p.file, "line": p.line, "code": p.code}
            | ({"message": describe_problem(p, Language.FR)} if detailed else {})
            for p in breakage.problems
        ],
    }


def mail_facts(service: Service, *, detailed: bool) -> dict[str, Any]:
    """The mail not sent yet: how many, since when, and (for coordinators) why."""
    pending = service.outbox.pending()
    return {
        "pending": pending.count,
        "oldest": pending.oldest,
        "failing": bool(pending.last_error),
    } | ({"error": pending.last_error} if detailed else {})


def backup_facts(service: Service, *, detailed: bool) -> dict[str, Any]:
    """The record's off-machine copy and the database's copies, as last known."""
    facts: dict[str, Any] = {"remote": None, "database": None}
    if service.mirror is not None:
        status = service.mirror.status()
        facts["remote"] = {
            "unpushed": status.unpushed,
            "last_push": _iso(status.last_push),
            "diverged": status.diverged,
            "failing": bool(status.last_error),
        } | ({"url": status.remote, "error": status.last_error} if detailed else {})
    if service.database_backup is not None:
        copies = service.database_backup.status()
        facts["database"] = {
            "last_backup": _iso(copies.last_backup),
            "failing": bool(copies.last_error),
        } | ({"error": copies.last_error} if detailed else {})
    return facts


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None

"""What is read-only and how far the backups are, as facts for `/readyz` and the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from interpellations.record.health import Breakage
from interpellations.record.model import Language
from interpellations.wording.sentences import describe_problem
from server.service import Service


def breakage_facts(breakage: Breakage, language: Language = Language.FR) -> dict[str, Any]:
    """One broken part: which, since which version, readable at which, and every problem."""
    return {
        "part": breakage.part or "registre",
        "since": breakage.since,
        "readable_at": breakage.valid,
        "problems": [
            {"file": p.file, "line": p.line, "message": describe_problem(p, language)}
            for p in breakage.problems
        ],
    }


def backup_facts(service: Service) -> dict[str, Any]:
    """The record's off-machine copy and the database's copies, as last known."""
    facts: dict[str, Any] = {"remote": None, "database": None}
    if service.mirror is not None:
        status = service.mirror.status()
        facts["remote"] = {
            "url": status.remote,
            "unpushed": status.unpushed,
            "last_push": _iso(status.last_push),
            "diverged": status.diverged,
            "error": status.last_error,
        }
    if service.database_backup is not None:
        copies = service.database_backup.status()
        facts["database"] = {
            "last_backup": _iso(copies.last_backup),
            "error": copies.last_error,
        }
    return facts


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None

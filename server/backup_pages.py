"""The coordinators' view of the record's safety: what is read-only, and how far the backups are.

The same facts as `/readyz`, in words: the commits not yet on the backup remote,
the last push it accepted, a divergence to settle by hand; the last copy of the
service's database; and a button that backs up both now (before an upgrade).
"""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Annotated

from anyio import to_thread
from litestar import Controller, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from server.auth import coordinator_required
from server.database_backup import BackupFailed
from server.service import Service, ServiceDep


def backup_now(service: Service) -> None:
    """One push to the remote and one copy of the database, now, whatever the schedule."""
    if service.mirror is not None:
        service.mirror.push_now()
    if service.database_backup is not None:
        # a failure is kept in its status, which the page shows
        with contextlib.suppress(OSError, sqlite3.Error, BackupFailed):
            service.database_backup.backup_now()


class BackupController(Controller):
    path = "/administration/sauvegardes"
    guards = [coordinator_required]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", name="admin-backups", sync_to_thread=True)
    def overview(
        self, service: ServiceDep, done: Annotated[str, QueryParameter(name="fait")] = ""
    ) -> Template:
        return Template(
            "admin/backups.html",
            context={
                "done": bool(done),
                "breakages": service.health.breakages,
                "remote": service.mirror.status() if service.mirror else None,
                "database": service.database_backup.status() if service.database_backup else None,
                "mail": service.outbox.pending(),
            },
        )

    @post("/", name="admin-backups-now", status_code=303)
    async def now(self, service: ServiceDep) -> Redirect:
        await to_thread.run_sync(backup_now, service)
        return Redirect("/administration/sauvegardes/?fait=1", status_code=303)

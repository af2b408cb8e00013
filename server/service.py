"""The running service's hold on its record: the store, the index, read-only parts, backups.

One process serves one data repository and is its only writer of ours: it takes
an exclusive lock on it at start-up (a second service refuses to start) and
repairs what a crash left. Whatever is broken in the record (`record.health`)
is served read-only at its last valid version, saying why on its pages, from the
start or as soon as a hand commit breaks it, and writable again with the commit
that repairs it. After each write the branch goes to the backup remote; the
service's own database is copied on a schedule.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from litestar.di import NamedDependency
from litestar.params import SkipValidation

from interpellations.errors import DomainError
from interpellations.index.index import Index
from interpellations.locations import service_dir
from interpellations.mailer import MailSettings
from interpellations.record.health import Health, Reading, assess
from interpellations.record.ids import InterpellationId
from interpellations.record.loading import Record, RecordInvalid, load_record
from interpellations.record.store import Store, run_git
from interpellations.record.store.maintenance import Upkeep
from interpellations.record.store.mirror import Mirror
from interpellations.settings import Settings
from server.accounts import Accounts
from server.database_backup import DatabaseBackup
from server.outbox import Outbox
from server.second_factor import SecondFactors
from server.throttle import Throttle
from server.working_copies import WorkingCopies

log = logging.getLogger("interpellations.service")


class ServiceLocked(Exception):
    """Another service process already holds this data repository."""


@dataclass(frozen=True)
class Backups:
    """Where the record and the service's database are copied, and how often."""

    remote: str = ""  # a git URL; empty: no off-machine copy of the record
    folder: Path | None = None  # the database's copies; None: none
    every: dt.timedelta = dt.timedelta(hours=6)
    keep: int = 28
    maintenance_every: int = 500  # writes between two repacks of the registre

    @classmethod
    def of(cls, settings: Settings) -> Backups:
        return cls(
            remote=settings.backup_remote,
            folder=settings.backup_folder,
            every=dt.timedelta(hours=settings.backup_every_hours),
            keep=settings.backup_keep,
            maintenance_every=settings.maintenance_every,
        )


@dataclass
class Service:
    store: Store
    index: Index
    lock_fd: int
    accounts: Accounts
    health: Health
    outbox: Outbox  # all mail leaves through it
    mirror: Mirror | None = None
    database_backup: DatabaseBackup | None = None
    throttle: Throttle = field(default_factory=Throttle)
    upkeep: Upkeep | None = None
    _guard: threading.Lock = field(default_factory=threading.Lock)

    @cached_property
    def factors(self) -> SecondFactors:
        return SecondFactors(self.accounts)

    @cached_property
    def copies(self) -> WorkingCopies:
        return WorkingCopies(self.accounts, self.store)

    @property
    def read_only(self) -> bool:
        """The whole record refuses writes: its own files are broken (`health`)."""
        return self.health.read_only

    def record(self) -> Record:
        """The coordination's record as served: at head, or at its last valid version."""
        return load_record(self.store.snapshot(self.health.version))

    def reading(self, iid: InterpellationId) -> Reading:
        """Where an interpellation's pages read it, and why it is read-only, if it is."""
        return self.health.reading(iid)

    def last_loaded(self, iid: InterpellationId) -> str | None:
        """The version a comparison ends at by default when `iid` alone is read-only: its
        last valid one (its history goes on to the version that broke it); else None."""
        own = self.health.interpellations.get(str(iid))
        return own.valid if own is not None else None

    def behind(self) -> bool:
        """Has the branch moved since the record was last assessed (a write, a push), or
        has a command-line tool synced the shared index past the version served?"""
        return self.store.head() != self.health.head or self.index.version != self.health.version

    def refresh(self) -> None:
        """Catch up with the branch: what is broken or repaired, the index, the mirror."""
        if not self.behind():
            return
        with self._guard:
            if not self.behind():
                return
            health = assess(self.store, self.health)
            _say_what_changed(self.health, health)
            self.index.sync(health.version, health.reading_version)
            self.health = health
        if self.mirror is not None:
            self.mirror.nudge()  # a hand push, which the store's writes did not see

    def close(self) -> None:
        if self.upkeep is not None:
            self.upkeep.join()
        for worker in (self.outbox, self.mirror, self.database_backup):  # before what they use
            if worker is not None:
                worker.stop()
        self.accounts.close()
        self.index.close()
        self.store.close()
        os.close(self.lock_fd)


def _say_what_changed(before: Health | None, after: Health) -> None:
    """A line in the log when a part breaks or is repaired."""
    old = {b.part: b for b in before.breakages} if before else {}
    new = {b.part: b for b in after.breakages}
    for part, breakage in new.items():
        if part not in old:
            where = "; ".join(f"{p.file}:{p.line or ''} {p.code}" for p in breakage.problems[:3])
            log.warning(
                "read-only since %s: %s (%s)", breakage.since[:7], part or "the record", where
            )
    for part in old.keys() - new.keys():
        log.warning("writable again at %s: %s", after.head[:7], part or "the record")


def start_service(
    data: Path,
    index_path: Path,
    accounts_path: Path | None = None,
    backups: Backups = Backups(),
    mail: MailSettings | None = None,
) -> Service:
    """Open the record for serving, read-only where it is broken; refuse only when nothing loads."""
    folder = service_dir(data)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / "lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as error:
        os.close(fd)
        raise ServiceLocked(str(data)) from error
    try:
        store = Store.open(data)
        health = assess(store)
        if health.record is not None and health.record.valid is None:
            raise RecordInvalid(list(health.record.problems))  # no version ever loaded
        _say_what_changed(None, health)
        index = Index(index_path, store)
        index.sync(health.version, health.reading_version)
        accounts_file = accounts_path or folder / "accounts.sqlite"
        accounts = Accounts(accounts_file)
    except (DomainError, OSError):
        os.close(fd)
        raise
    # without mail settings (tests, tools), messages are written in the service's folder
    mail = mail or MailSettings(sender="interpellations@localhost", outbox=folder / "outbox")
    service = Service(store, index, fd, accounts, health, Outbox(accounts.database, mail))
    service.outbox.start()  # what a previous run left unsent goes first
    _start_workers(service, folder, accounts_file, backups)
    return service


def _start_workers(service: Service, folder: Path, accounts: Path, backups: Backups) -> None:
    service.upkeep = Upkeep(service.store.git_dir, backups.maintenance_every)
    service.store.after_write.append(service.upkeep.wrote)
    if backups.remote:
        remote = _local_remote(backups.remote)
        service.mirror = Mirror(service.store.git_dir, remote, folder / "mirror.json")
        service.store.after_write.append(service.mirror.nudge)
        service.mirror.start()
    if backups.folder is not None:
        service.database_backup = DatabaseBackup(
            accounts, backups.folder, every=backups.every, keep=backups.keep
        )
        service.database_backup.start()


def _local_remote(remote: str) -> str:
    """A remote given as a folder (another disk): absolute, and created bare on first use."""
    if "://" in remote or ":" in remote.split("/", 1)[0]:
        return remote  # a URL or `host:path`: the forge's to create
    path = Path(remote).resolve()
    if not path.exists():
        path.mkdir(parents=True)
        run_git(path, "init", "--quiet", "--bare", "--initial-branch=main")
        log.warning("backup remote created: %s", path)
    return str(path)


# Handlers receive the service as is: it is the application's, not the request's input.
ServiceDep = NamedDependency[SkipValidation[Service]]

# Handlers receive the settings by name, as the application's, not the request's input.
SettingsDep = NamedDependency[Settings]

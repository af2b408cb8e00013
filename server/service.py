"""The running service's hold on its record: the store, the index, and read-only mode.

One process serves one data repository and is its only writer of ours: it takes
an exclusive lock on it at start-up (a second service refuses to start), repairs
what a crash left, refuses to start on a record with errors, and turns read-only,
saying why on every page, if a hand commit breaks the record while it runs.
"""

from __future__ import annotations

import fcntl
import os
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from litestar.di import NamedDependency
from litestar.params import SkipValidation

from interpellations.errors import DomainError
from interpellations.index.index import Index
from interpellations.record.checking import check_version
from interpellations.record.loading import RecordInvalid, load_record
from interpellations.record.problems import Problem, blocking
from interpellations.record.store import Store
from interpellations.settings import Settings, service_dir
from server.accounts import Accounts
from server.second_factor import SecondFactors
from server.working_copies import WorkingCopies


class ServiceLocked(Exception):
    """Another service process already holds this data repository."""


@dataclass
class Service:
    store: Store
    index: Index
    lock_fd: int
    accounts: Accounts
    problems: list[Problem] = field(default_factory=list)
    _checked: str = ""
    _guard: threading.Lock = field(default_factory=threading.Lock)

    @cached_property
    def factors(self) -> SecondFactors:
        return SecondFactors(self.accounts)

    @cached_property
    def copies(self) -> WorkingCopies:
        return WorkingCopies(self.accounts, self.store)

    @property
    def read_only(self) -> bool:
        return bool(self.problems)

    def behind(self) -> bool:
        """Has the branch moved since the record was last checked (a write, a push)?"""
        return self.store.head() != self._checked

    def refresh(self) -> None:
        """Catch up with commits made outside the service; re-check the record if it moved."""
        head = self.store.head()
        if head == self._checked:
            return
        with self._guard:
            if head == self._checked:
                return
            try:
                load_record(self.store.snapshot(head))
                self.problems = []
            except RecordInvalid as error:
                self.problems = error.problems
            self.index.sync()
            self._checked = head

    def close(self) -> None:
        self.accounts.close()
        self.index.close()
        self.store.close()
        os.close(self.lock_fd)


def start_service(data: Path, index_path: Path, accounts_path: Path | None = None) -> Service:
    """Open the record for serving, or refuse with the problems that prevent it."""
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
        head = store.head()
        problems = blocking(check_version(store.snapshot(head)))
        if problems:
            raise RecordInvalid(problems)
        index = Index(index_path, store)
        index.sync()
        accounts = Accounts(accounts_path or folder / "accounts.sqlite")
    except (DomainError, OSError):
        os.close(fd)
        raise
    return Service(store, index, fd, accounts, _checked=head)


# Handlers receive the service as is: it is the application's, not the request's input.
ServiceDep = NamedDependency[SkipValidation[Service]]

# Handlers receive the settings by name, as the application's, not the request's input.
SettingsDep = NamedDependency[Settings]

"""Which parts of the record load, and since which version a broken one does not.

Whatever gets into the registre (past an older release's missing guards, or a
disk restored from a backup) must not stop the coordination from reading it. A
broken `coordination.yaml`, `membres.yaml` or `autorites.yaml` leaves the whole
record readable at its last valid version; a broken interpellation leaves only
itself readable at its last valid version. `assess` says which, with the
problems `check` would give and the version that broke it; the service reads at
the versions it names and refuses writes to the broken parts until a commit fixes
them. It is computed again, for what changed only, each time the branch moves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from interpellations.errors import DomainError, InterpellationReadOnly, ReadOnly
from interpellations.record.checking import check_interpellation, size_problems, too_large
from interpellations.record.ids import INTERPELLATIONS_DIR, InterpellationId
from interpellations.record.loading import (
    RECORD_FILES,
    Record,
    RecordInvalid,
    interpellation_ids,
    load_and_check,
    load_record,
)
from interpellations.record.problems import Problem, blocking
from interpellations.record.store import Snapshot, Store
from interpellations.record.store.limits import Limits

RECORD = ""  # the part name of the coordination's three files
# How far back a broken part's last valid version is looked for (first-parent
# commits touching it); older than that, it is shown as never valid.
LOOKBACK = 200

# Whether a part loads at a version: True, False, or None when it did not exist yet
Sound = Callable[[Store, Snapshot], "bool | None"]


@dataclass(frozen=True)
class Breakage:
    """A part of the record that does not load: why, since when, and what can still be read."""

    part: str  # RECORD, or an interpellation's id ("2026/logements-vides")
    problems: tuple[Problem, ...]
    since: str  # the first version of the record at which it stopped loading
    valid: str | None  # the last version at which it loaded; None: none within reach

    @property
    def whole_record(self) -> bool:
        return self.part == RECORD

    def refusal(self) -> ReadOnly:
        """The refusal of a write to this part, with its problems."""
        if self.whole_record:
            return ReadOnly(problems=list(self.problems))
        return InterpellationReadOnly(id=self.part, problems=list(self.problems))


@dataclass(frozen=True)
class Reading:
    """The version an interpellation is read at, and why it is read-only, if it is."""

    version: str
    breakage: Breakage | None = None


@dataclass(frozen=True)
class Health:
    """The record's state at one head: the version served, and what is read-only."""

    head: str
    version: str  # the version read: the head, or the record's last valid version
    record: Breakage | None = None
    interpellations: Mapping[str, Breakage] = field(default_factory=dict)

    @property
    def read_only(self) -> bool:
        """The whole record refuses writes (its three files are broken)."""
        return self.record is not None

    @property
    def breakages(self) -> list[Breakage]:
        """Every broken part, the record's first."""
        ordered = [self.interpellations[key] for key in sorted(self.interpellations)]
        return ([self.record] if self.record else []) + ordered

    def breakage(self, iid: InterpellationId) -> Breakage | None:
        """Why `iid` is read-only, if it is: the record's breakage first, then its own."""
        return self.record or self.interpellations.get(str(iid))

    def reading_version(self, iid: InterpellationId) -> str | None:
        """The version `iid` is read at; `None` when it never loaded within reach."""
        own = self.interpellations.get(str(iid))
        return self.version if own is None else own.valid

    def reading(self, iid: InterpellationId) -> Reading:
        """Where `iid`'s pages read it; refused when it never loaded (nothing to show)."""
        breakage = self.breakage(iid)
        version = self.reading_version(iid)
        if version is None:
            problems = list(breakage.problems) if breakage else []
            raise InterpellationReadOnly(id=str(iid), problems=problems)
        return Reading(version, breakage)


def assess(store: Store, previous: Health | None = None) -> Health:
    """The health at the current head, re-checking only what changed since `previous`."""
    head = store.head()
    if previous is not None and previous.head == head:
        return previous
    changed = _changed_paths(store, previous, head)
    if previous is None or changed is None or changed & set(RECORD_FILES):
        health = _assess_all(store, head)
        if health.record is not None and health.record.valid is None and previous is not None:
            # broken beyond the look-back: keep serving the version served until now
            kept = replace(health.record, valid=previous.version)
            return Health(head, previous.version, kept, previous.interpellations)
        return health
    if previous.record is not None:  # still broken: the version served has not changed
        return Health(head, previous.version, previous.record, previous.interpellations)
    return _assess_touched(store, head, previous, changed)


def _assess_all(store: Store, head: str) -> Health:
    record = _record_breakage(store, head)
    if record is not None and record.valid is None:
        return Health(head, head, record)  # nothing to serve: the service says so and stops
    version = head if record is None else record.valid or head
    snapshot = store.snapshot(version)
    served = load_record(snapshot)
    sizes = snapshot.sizes()  # once for the whole tree, not once per interpellation
    broken = {}
    for iid in interpellation_ids(snapshot):
        found = _interpellation_breakage(store, snapshot, iid, served, sizes)
        if found is not None:
            broken[str(iid)] = found
    return Health(head, version, record, broken)


def _assess_touched(store: Store, head: str, previous: Health, changed: frozenset[str]) -> Health:
    snapshot = store.snapshot(head)
    served = load_record(snapshot)
    ids = _touched(changed)
    again = {str(iid) for iid in ids}
    broken = {key: b for key, b in previous.interpellations.items() if key not in again}
    for iid in ids:
        if not snapshot.list(iid.folder):
            continue  # removed
        found = _interpellation_breakage(store, snapshot, iid, served)
        if found is not None:
            broken[str(iid)] = found
    return Health(head, head, None, broken)


def _changed_paths(store: Store, previous: Health | None, head: str) -> frozenset[str] | None:
    """The paths the commits since `previous` touched; `None`: read everything again."""
    if previous is None or not store.is_ancestor(previous.head, head):
        return None
    return frozenset(path for commit in store.commits(previous.head, head) for path in commit.paths)


def _touched(paths: frozenset[str]) -> list[InterpellationId]:
    ids = set()
    for path in paths:
        parts = path.split("/")
        if len(parts) >= 4 and parts[0] == INTERPELLATIONS_DIR:
            try:
                ids.add(InterpellationId(int(parts[1]), parts[2]))
            except (DomainError, ValueError):
                continue  # a folder `check` reports by name
    return sorted(ids, key=str)


def record_problems(snapshot: Snapshot, limits: Limits) -> list[Problem]:
    """Why the coordination's three files do not load at this version (empty: they do)."""
    sizes = {file: snapshot.size(file) or 0 for file in RECORD_FILES}
    oversized = [
        too_large(file, size, limits)
        for file, size in sizes.items()
        if size > limits.limit_for(file)
    ]
    if oversized:
        return oversized
    return blocking(load_and_check(snapshot)[1])


def _record_breakage(store: Store, head: str) -> Breakage | None:
    problems = record_problems(store.snapshot(head), store.limits)
    if not problems:
        return None
    since, valid = _streak(store, head, list(RECORD_FILES), _record_sound)
    return Breakage(RECORD, tuple(problems), since, valid)


def _record_sound(store: Store, snapshot: Snapshot) -> bool | None:
    return not record_problems(snapshot, store.limits)


def interpellation_problems(
    snapshot: Snapshot,
    iid: InterpellationId,
    record: Record,
    limits: Limits,
    sizes: Mapping[str, int] | None = None,
) -> list[Problem]:
    """Why one interpellation does not load at this version, against this record."""
    oversized = size_problems(snapshot, limits, iid.folder, sizes)
    skipped = frozenset(p.file for p in oversized)
    return oversized + blocking(check_interpellation(snapshot, iid, record, skipped))


def _interpellation_breakage(
    store: Store,
    snapshot: Snapshot,
    iid: InterpellationId,
    record: Record,
    sizes: Mapping[str, int] | None = None,
) -> Breakage | None:
    problems = interpellation_problems(snapshot, iid, record, store.limits, sizes)
    if not problems:
        return None

    def sound(store: Store, older: Snapshot) -> bool | None:
        if not older.list(iid.folder):
            return None  # not created yet: it never loaded
        try:
            return not interpellation_problems(older, iid, load_record(older), store.limits)
        except RecordInvalid:
            return False

    # the record's files too: an authority removed from the directory breaks the texts
    # that address it, in a commit that does not touch them
    since, valid = _streak(store, snapshot.version, [iid.folder, *RECORD_FILES], sound)
    return Breakage(str(iid), tuple(problems), since, valid)


def _streak(store: Store, head: str, paths: list[str], sound: Sound) -> tuple[str, str | None]:
    """The first broken version of the streak ending at `head`, and the version before it.

    Only the versions that touched `paths` can have changed the verdict: the walk
    goes back through them, newest first, to the last one at which the part loaded.
    """
    since = head
    for version in store.versions_touching(paths, until=head, limit=LOOKBACK):
        verdict = sound(store, store.snapshot(version))
        if verdict is None:
            break  # broken from its creation on
        if verdict:
            return since, store.first_parent(since)
        since = version
    return since, None

"""The one act pipeline: every commit the product makes goes through `perform`.

In order: the author from the record; the write lock; the record and the
interpellation at head; `rules.workflow.decide`, the only gate; the act's events
(and the approval they complete, in the same commit); one typed trailers value;
one commit by the person who acted. An act is a short declaration (`Act`): its
action, what the person asked, and what it adds given the scene at head. Inside
the lock the head is read again, so no signature and edit race past each other;
a refusal raises before anything is written, and leaves the head as it was.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import ValidationError

from interpellations.clock import now
from interpellations.errors import (
    DomainError,
    InterpellationReadOnly,
    InvalidDocument,
    InvalidInput,
    ReadOnly,
    TooLarge,
)
from interpellations.reading.situation import situation_of
from interpellations.record.checking import loaded_problems, size_problems
from interpellations.record.document import text_id, text_language
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import Interpellation, load_interpellation
from interpellations.record.journal import append_event, new_event_id
from interpellations.record.loading import JOURNAL_FILE, RecordInvalid, load_record
from interpellations.record.model import Event, Member
from interpellations.record.registry import Record
from interpellations.record.store import Draft, Snapshot, Store, WriteResult
from interpellations.record.store.limits import Limits, kilobytes
from interpellations.record.trailers import Action, Trailers, Via
from interpellations.rules.completion import act_events
from interpellations.rules.workflow import Request, Situation, decide

APPROVED_SUFFIX = " — texte approuvé par le comité de pilotage"


@dataclass(frozen=True)
class Scene:
    """What an act sees inside the write: the record and the interpellation at head."""

    snapshot: Snapshot
    record: Record
    member: Member  # who acts, as the record says
    situation: Situation
    read: Interpellation | None  # None before the interpellation exists
    event_id: str
    at: dt.datetime
    limits: Limits  # the sizes the registre allows

    @property
    def interpellation(self) -> Interpellation:
        if self.read is None:
            raise LookupError("this act has no interpellation")
        return self.read

    @property
    def title(self) -> str:
        return self.interpellation.title

    def stamp(self) -> dict[str, Any]:
        """The fields every event of this act carries: its id, when, by whom."""
        return {"id": self.event_id, "at": self.at, "by": self.member.email}


@dataclass(frozen=True)
class Drafted:
    """What an act adds: events for the journal and/or files, and the commit's summary."""

    summary: str  # French, as every commit message of the record
    events: tuple[Event, ...] = ()
    files: Mapping[str, bytes | None] = field(default_factory=dict)
    reopens_approval: bool = False
    base: str | None = None
    merged: bool = False
    reference: str | None = None  # issuing: the letters' reference, for the trailers
    letters: str | None = None  # issuing: `file=sha256, …`, for the trailers


class Act(ABC):
    """The declaration of one act: its action, the request, what it adds."""

    action: ClassVar[Action]
    event_prefix: ClassVar[str] = "e"
    reads_text: ClassVar[bool] = True  # the interpellation exists before the act

    @property
    @abstractmethod
    def target(self) -> InterpellationId | None:
        """The interpellation acted on; `None` for an act on the record itself."""

    def request(self) -> Request:
        return Request()

    def new_group(self) -> str:
        """The working group of a text that does not exist yet (creating it)."""
        return ""

    def record_at(self, snapshot: Snapshot) -> Record:
        """The record the author and the rules are read from."""
        return load_record(snapshot)

    @abstractmethod
    def draft(self, scene: Scene) -> Drafted | None:
        """What the act adds on the head described by `scene`; `None`: nothing to record."""


@dataclass(frozen=True)
class JournalAct(Act):
    """An act that appends one event to the interpellation's journal."""

    iid: InterpellationId
    verb: ClassVar[str]  # the commit's summary: "<verb> « <title> »"

    @property
    def target(self) -> InterpellationId:
        return self.iid

    def draft(self, scene: Scene) -> Drafted:
        return Drafted(f"{self.verb} « {scene.title} »", (self.event(scene),))

    @abstractmethod
    def event(self, scene: Scene) -> Event:
        """The event this act appends."""


@dataclass(frozen=True)
class Done:
    """What an act did: the write, the event it recorded, the approval it completed."""

    write: WriteResult
    event: str | None = None
    approved: bool = False
    merged: bool = False
    reopened: bool = False


def perform(store: Store, actor: str, act: Act, *, via: Via | None = None) -> Done:
    """Check `act` against the rules at head and record it as one commit by `actor`."""
    author = _record(act, store.snapshot()).identity(actor)
    event_id = new_event_id(act.event_prefix)
    last: list[tuple[Drafted, bool]] = []  # the last draft, and whether it approved

    def build(snapshot: Snapshot) -> Draft | None:
        last.clear()  # `transact` may draft again on a newer head
        scene = _scene(snapshot, actor, act, event_id, store.limits)
        drafted = _drafted(act, scene)
        if drafted is None:
            return None
        events = _with_approval(scene, act.action, drafted.events)
        approval = events[-1].id if len(events) > len(drafted.events) else None
        last.append((drafted, approval is not None))
        trailers = Trailers(
            action=act.action,
            interpellation=act.target,
            text_id=_text_id_after(scene.read, act.target, drafted.files),
            event=event_id if drafted.events else None,
            approval=approval,
            reopens_approval=drafted.reopens_approval,
            base=drafted.base,
            reference=drafted.reference,
            letters=drafted.letters,
            via=via,
        )
        changes = _changes(snapshot, act.target, drafted.files, events)
        _within_limits(changes, store.limits)
        return Draft(
            changes=changes,
            message=drafted.summary + (APPROVED_SUFFIX if approval else ""),
            trailers=trailers.lines(),
        )

    write = store.transact(build, author=author)
    if not last or not write.changed:
        return Done(write)
    drafted, approved = last[0]
    return Done(
        write,
        event=event_id if drafted.events else None,
        approved=approved,
        merged=drafted.merged,
        reopened=drafted.reopens_approval,
    )


def _within_limits(changes: Mapping[str, bytes | None], limits: Limits) -> None:
    """The sizes `check` and the push guard allow: a save never makes what they refuse."""
    for path, content in changes.items():
        if content is not None and len(content) > limits.limit_for(path):
            raise TooLarge(
                file=path, size=kilobytes(len(content)), limit=kilobytes(limits.limit_for(path))
            )


def _scene(snapshot: Snapshot, actor: str, act: Act, event_id: str, limits: Limits) -> Scene:
    """The head as the act sees it, once `decide` has let it through."""
    record = _record(act, snapshot)
    read = _sound(snapshot, act.target, record, limits) if act.target and act.reads_text else None
    situation = situation_of(record, read, actor, new_group=act.new_group())
    decide(situation, act.action, act.request()).enforce()
    member = situation.member
    if member is None:  # `decide` refuses anyone the record does not know
        raise LookupError(actor)
    return Scene(snapshot, record, member, situation, read, event_id, now(), limits)


def _record(act: Act, snapshot: Snapshot) -> Record:
    """The record the act is judged by; a record broken by hand refuses every write."""
    try:
        return act.record_at(snapshot)
    except RecordInvalid as error:
        raise ReadOnly(problems=error.problems) from error


def _sound(
    snapshot: Snapshot, iid: InterpellationId, record: Record, limits: Limits
) -> Interpellation:
    """The interpellation at head, if it loads whole; refused as read-only otherwise.

    What `check` would report, from what loading already parsed: a hand commit
    past the guards may have left it broken (`record.health` shows since when).
    """
    try:
        oversized = size_problems(snapshot, limits, iid.folder)
        if oversized:
            raise InvalidDocument(problems=oversized)
        read = load_interpellation(snapshot, iid)
    except (InvalidDocument, UnicodeDecodeError) as error:
        problems = error.params.get("problems", []) if isinstance(error, DomainError) else []
        raise InterpellationReadOnly(id=str(iid), problems=list(problems)) from error
    problems = loaded_problems(read, record)
    if problems:
        raise InterpellationReadOnly(id=str(iid), problems=problems)
    return read


def _drafted(act: Act, scene: Scene) -> Drafted | None:
    """What the act adds; what the person wrote, empty or too long, is refused by name."""
    try:
        return act.draft(scene)
    except ValidationError as error:
        raise InvalidInput.of(error) from error


def _with_approval(scene: Scene, action: Action, events: tuple[Event, ...]) -> list[Event]:
    """The act's events, and the approval the last one completes, if it does."""
    if not events:
        return []
    completed = act_events(scene.situation, action, events[-1], new_event_id("a"))
    return [*events[:-1], *completed]


def _text_id_after(
    read: Interpellation | None,
    target: InterpellationId | None,
    files: Mapping[str, bytes | None],
) -> str | None:
    """The text id once the act's files are written (`None` for an act on the record)."""
    if target is None:
        return None
    texts = dict(read.files) if read else {}
    for path, content in files.items():
        folder, _, name = path.rpartition("/")
        if folder == target.folder and text_language(name) is not None:
            if content is None:
                texts.pop(name, None)
            else:
                texts[name] = content
    return text_id(texts)


def _changes(
    snapshot: Snapshot,
    target: InterpellationId | None,
    files: Mapping[str, bytes | None],
    events: list[Event],
) -> dict[str, bytes | None]:
    changes = dict(files)
    if events and target is not None:
        path = target.path(JOURNAL_FILE)
        journal = changes.get(path) or snapshot.read(path)
        for event in events:
            journal = append_event(journal, event)
        changes[path] = journal
    return changes

"""The one read model: what an interpellation is at a version, for the page, the API and the CLI.

A `Dossier` holds the texts, the state and why, where each side stands on the
current text (as of the approval once approved, else as of the day it is read),
the objections with their status, the comment threads placed on the texts, and
the names of the people involved. It is built once per (interpellation, version,
day) and shared: every output is a presentation of it, none assembles its own.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

from interpellations.clock import now
from interpellations.reading.approval import SideStanding, side_standings
from interpellations.reading.objections import Objection, objections_of
from interpellations.reading.situation import situation_of
from interpellations.reading.threads import Thread, comment_threads
from interpellations.record.document import Text
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import Interpellation, load_interpellation
from interpellations.record.loading import load_record
from interpellations.record.model import (
    ApprovalEvent,
    FollowUpEvent,
    FrontMatter,
    Language,
    SignEvent,
    SubmitEvent,
    WithdrawEvent,
)
from interpellations.record.registry import Record
from interpellations.record.store import Store
from interpellations.rules.parity import active_signatures
from interpellations.rules.states import State, recorded_approval, state_from
from interpellations.rules.workflow import Situation


@dataclass(frozen=True)
class EarlierSignature:
    """The last signature someone gave to an earlier text: it no longer counts."""

    email: str
    side: str
    at: dt.datetime
    version: str  # the version whose text was signed: "what changed since"


@dataclass(frozen=True)
class Dossier:
    """An interpellation at one version, read on one day."""

    read: Interpellation  # its texts and journal, as read at the version
    state: State
    submitted_at: dt.datetime | None
    approval: ApprovalEvent | None  # recorded for this exact text
    withdrawal: WithdrawEvent | None
    sides: tuple[SideStanding, ...]  # CPAS first
    objections: tuple[Objection, ...]  # blocking first
    threads: tuple[Thread, ...]
    earlier: tuple[EarlierSignature, ...]
    record: Record
    today: dt.date

    @property
    def id(self) -> InterpellationId:
        return self.read.id

    @property
    def version(self) -> str:
        return self.read.version

    @property
    def text_id(self) -> str:
        return self.read.text_id

    @property
    def texts(self) -> Mapping[Language, Text]:
        return self.read.texts

    def situation(self, actor: str) -> Situation:
        """What the rules look at for `actor` on this text, on this dossier's day."""
        return situation_of(self.record, self.read, actor, self.today)

    @property
    def front(self) -> FrontMatter:
        return self.texts[Language.FR].front

    @property
    def title(self) -> str:
        return self.front.title

    @property
    def languages(self) -> list[Language]:
        return sorted(self.texts, key=lambda lang: lang != Language.FR)

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def blocking(self) -> tuple[Objection, ...]:
        return tuple(o for o in self.objections if o.blocking)

    @property
    def complete(self) -> bool:
        """Each side's quorum reached and no objection blocking (the rule holds)."""
        return all(side.reached for side in self.sides) and not self.blocking

    def title_in(self, language: Language) -> tuple[str, Language]:
        """The title in `language` when the text exists in it, else the French one."""
        text = self.texts.get(language) or self.texts[Language.FR]
        return text.front.title, text.language

    @property
    def follows(self) -> InterpellationId | None:
        """The interpellation whose issued letters this one follows up."""
        return InterpellationId.parse(self.front.follows) if self.front.follows else None

    @property
    def followed_by(self) -> tuple[InterpellationId, ...]:
        """The follow-ups created from this one's issued letters, oldest first."""
        events = self.read.journal.events
        return tuple(
            InterpellationId.parse(e.follow_up) for e in events if isinstance(e, FollowUpEvent)
        )

    def name(self, email: str) -> str:
        member = self.record.member(email)
        return member.name if member else email

    @property
    def names(self) -> dict[str, str]:
        return {m.email: m.name for m in self.record.members}


def read_dossier(
    store: Store, iid: InterpellationId, version: str | None = None, today: dt.date | None = None
) -> Dossier:
    """The dossier at `version` (the head by default) as of `today` (the clock's by default)."""
    snapshot = store.snapshot(version)
    day = today or now().date()
    key = (snapshot.version, str(iid), day)
    with _LOCK:
        cached = _DOSSIERS.get(key)
    if cached is not None:
        return cached
    dossier = dossier_of(load_interpellation(snapshot, iid), load_record(snapshot), day)
    with _LOCK:  # request threads share it
        _DOSSIERS[key] = dossier
        if len(_DOSSIERS) > CAPACITY:
            _DOSSIERS.popitem(last=False)
    return dossier


CAPACITY = 256
_DOSSIERS: OrderedDict[tuple[str, str, dt.date], Dossier] = OrderedDict()
_LOCK = threading.Lock()


def dossier_of(read: Interpellation, record: Record, today: dt.date) -> Dossier:
    """The dossier of an interpellation as read, with the record of the same version."""
    events = read.journal.events
    approval = recorded_approval(events, read.text_id)
    submissions = [e for e in events if isinstance(e, SubmitEvent)]
    withdrawals = [e for e in events if isinstance(e, WithdrawEvent)]
    return Dossier(
        read=read,
        state=state_from(events, read.text_id),
        submitted_at=submissions[0].at if submissions else None,
        approval=approval,
        withdrawal=withdrawals[-1] if withdrawals else None,
        sides=side_standings(events, read.text_id, record, today, approval),
        objections=objections_of(events),
        threads=tuple(comment_threads(read)),
        earlier=_earlier(active_signatures(events), read.text_id),
        record=record,
        today=today,
    )


def _earlier(active: list[SignEvent], text_id: str) -> tuple[EarlierSignature, ...]:
    signed_now = {s.by for s in active if s.text_id == text_id}
    last: dict[str, SignEvent] = {}
    for event in active:
        if event.text_id != text_id and event.by not in signed_now:
            last[event.by] = event
    return tuple(
        EarlierSignature(e.by, e.side.value, e.at, e.version)
        for e in sorted(last.values(), key=lambda e: e.at)
    )

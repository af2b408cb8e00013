"""Objections with their threads: answers, committee decisions, withdrawal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from interpellations.record.document import HEADINGS
from interpellations.record.loading import Record
from interpellations.record.model import Event, Language, ObjectionWithdrawEvent, Outcome, Side
from interpellations.rules.parity import ObjectionStatus


@dataclass(frozen=True)
class Said:
    """One message of a thread: who, when, what."""

    name: str
    at: dt.datetime
    body: str


@dataclass(frozen=True)
class Present:
    side: str
    names: list[str]


@dataclass(frozen=True)
class DecisionView:
    outcome: str  # overruled | amended | maintained
    recorded_by: str
    at: dt.datetime
    present: list[Present]
    note: str


@dataclass(frozen=True)
class ObjectionView:
    id: str
    author: str
    at: dt.datetime
    reason: str
    section: str  # the heading of the section it aims at, in the reader's language
    status: str  # open | maintained | withdrawn | overruled | amended
    answers: list[Said]
    decisions: list[DecisionView]
    withdrawn_at: dt.datetime | None

    @property
    def blocking(self) -> bool:
        return self.status in ("open", "maintained")


def objection_views(
    statuses: Sequence[ObjectionStatus], events: Sequence[Event], record: Record, language: Language
) -> list[ObjectionView]:
    """Every objection raised on this interpellation, open ones first, then by date."""
    views = [_view(status, events, record, language) for status in statuses]
    return sorted(views, key=lambda v: (not v.blocking, v.at))


def _name(record: Record, email: str) -> str:
    member = record.member(email)
    return member.name if member else email


def _status(status: ObjectionStatus) -> str:
    if status.withdrawn:
        return "withdrawn"
    if status.decisions:
        return status.decisions[-1].outcome.value
    return "open"


def _view(
    status: ObjectionStatus, events: Sequence[Event], record: Record, language: Language
) -> ObjectionView:
    event = status.event
    withdrawals = [
        e for e in events if isinstance(e, ObjectionWithdrawEvent) and e.objection == event.id
    ]
    section = event.section or ""
    return ObjectionView(
        id=event.id,
        author=_name(record, event.by),
        at=event.at,
        reason=event.reason,
        section=HEADINGS[language].get(section, section),
        status=_status(status),
        answers=[Said(_name(record, a.by), a.at, a.body) for a in status.answers],
        decisions=[
            DecisionView(
                outcome=Outcome(d.outcome).value,
                recorded_by=_name(record, d.by),
                at=d.at,
                present=_present(d.present, record),
                note=d.note,
            )
            for d in status.decisions
        ],
        withdrawn_at=withdrawals[-1].at if withdrawals else None,
    )


def _present(emails: list[str], record: Record) -> list[Present]:
    """The members present at a decision, by side (CPAS first)."""
    by_side: dict[str, list[str]] = {side.value: [] for side in Side}
    for email in emails:
        member = record.member(email)
        if member is not None:
            by_side[member.side.value].append(member.name)
    return [Present(side, names) for side, names in by_side.items() if names]

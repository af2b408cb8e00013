"""Objections with their threads as a page shows them: names, sections in the reader's language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from interpellations.reading.dossier import Dossier
from interpellations.reading.objections import Objection
from interpellations.record.document import HEADINGS
from interpellations.record.model import Language, Outcome, Side


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
    blocking: bool  # as the read model says


def objection_views(dossier: Dossier, language: Language) -> list[ObjectionView]:
    """Every objection raised on this interpellation, the blocking ones first."""
    return [_view(objection, dossier, language) for objection in dossier.objections]


def _view(objection: Objection, dossier: Dossier, language: Language) -> ObjectionView:
    event = objection.event
    section = event.section or ""
    return ObjectionView(
        id=event.id,
        author=dossier.name(event.by),
        at=event.at,
        reason=event.reason,
        section=HEADINGS[language].get(section, section),
        status=objection.status,
        answers=[Said(dossier.name(a.by), a.at, a.body) for a in objection.answers],
        decisions=[
            DecisionView(
                outcome=Outcome(d.outcome).value,
                recorded_by=dossier.name(d.by),
                at=d.at,
                present=_present(d.present, dossier),
                note=d.note,
            )
            for d in objection.decisions
        ],
        withdrawn_at=objection.withdrawn_at,
        blocking=objection.blocking,
    )


def _present(emails: list[str], dossier: Dossier) -> list[Present]:
    """The members present at a decision, by side (CPAS first)."""
    by_side: dict[str, list[str]] = {side.value: [] for side in Side}
    for email in emails:
        member = dossier.record.member(email)
        if member is not None:
            by_side[member.side.value].append(member.name)
    return [Present(side, names) for side, names in by_side.items() if names]

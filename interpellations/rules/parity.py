"""The parity rule: a text is approved only with the quorum of each side, no objection open.

Pure functions over the journal's events, the current text id and the record.
A signature counts for the exact text it was given for, from someone who held a
seat for that side on the day they signed (a substitute only in place of a
sitting member of that side who has not signed that text). The rule reads
the committee and the quorum from the coordination's files, never from the
interpellation being approved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence, Sized
from dataclasses import dataclass, field

from interpellations.record.model import (
    ApprovalEvent,
    DecisionEvent,
    Event,
    ObjectionAnswerEvent,
    ObjectionEvent,
    ObjectionWithdrawEvent,
    Outcome,
    Side,
    SideCount,
    SignEvent,
    UnsignEvent,
)
from interpellations.record.registry import Record
from interpellations.record.seats import Seat, seat_of, sitting
from interpellations.rules.states import is_approved

ENDING_OUTCOMES = frozenset({Outcome.OVERRULED, Outcome.AMENDED})


class QuorumCount:
    """A side's signatures against its quorum: how many, how many missing, reached or not."""

    signers: Sized
    quorum: int

    @property
    def count(self) -> int:
        return len(self.signers)

    @property
    def missing(self) -> int:
        return max(0, self.quorum - self.count)

    @property
    def reached(self) -> bool:
        return self.count >= self.quorum


@dataclass(frozen=True)
class SideStatus(QuorumCount):
    """Where one side stands on the current text."""

    side: Side
    quorum: int
    signers: list[str]  # e-mails whose signature counts, in signing order
    substitutes: list[str]  # among them, the substitutes counted in place of a sitting member
    not_signed: list[str]  # sitting members (today) who have not signed this text


@dataclass(frozen=True)
class ObjectionStatus:
    event: ObjectionEvent
    answers: list[ObjectionAnswerEvent] = field(default_factory=list)
    decisions: list[DecisionEvent] = field(default_factory=list)
    withdrawn: bool = False

    @property
    def open(self) -> bool:
        """Open until withdrawn or settled by an overruling or an amended text."""
        if self.withdrawn:
            return False
        return not (self.decisions and self.decisions[-1].outcome in ENDING_OUTCOMES)


@dataclass(frozen=True)
class ApprovalStatus:
    """Per side: valid signatures, quorum, who is missing; open objections; approved or not."""

    text_id: str
    sides: dict[Side, SideStatus]
    objections: list[ObjectionStatus]
    approved: bool  # an approval is recorded for this exact text

    @property
    def open_objections(self) -> list[ObjectionStatus]:
        return [o for o in self.objections if o.open]

    @property
    def complete(self) -> bool:
        """Does the rule hold now: each side's quorum reached and no objection open?"""
        return all(s.reached for s in self.sides.values()) and not self.open_objections


def active_signatures(events: Sequence[Event]) -> list[SignEvent]:
    """Signatures not withdrawn, in order."""
    withdrawn = {e.signature for e in events if isinstance(e, UnsignEvent)}
    return [e for e in events if isinstance(e, SignEvent) and e.id not in withdrawn]


def side_status(
    events: Sequence[Event], text_id: str, record: Record, side: Side, today: dt.date
) -> SideStatus:
    """Who counts for one side on `text_id`, as of `today`."""
    sitting_signers: list[str] = []
    substitute_signers: list[str] = []
    for event in active_signatures(events):
        member = record.member(event.by)
        if event.text_id != text_id or event.side != side or member is None:
            continue
        if member.side != side or event.by in sitting_signers + substitute_signers:
            continue
        seat = seat_of(member, event.at.date())
        if seat == Seat.SITTING:
            sitting_signers.append(event.by)
        elif seat == Seat.SUBSTITUTE:
            substitute_signers.append(event.by)
    signed = set(sitting_signers)
    not_signed = [m.email for m in sitting(record.members, side, today) if m.email not in signed]
    substitutes = substitute_signers[: len(not_signed)]
    seats = record.coordination.seats_per_side
    signers = (sitting_signers + substitutes)[:seats]
    return SideStatus(side, record.coordination.quorum_per_side, signers, substitutes, not_signed)


def objection_statuses(events: Sequence[Event]) -> list[ObjectionStatus]:
    statuses = []
    for objection in (e for e in events if isinstance(e, ObjectionEvent)):
        related = [e for e in events if getattr(e, "objection", None) == objection.id]
        statuses.append(
            ObjectionStatus(
                objection,
                answers=[e for e in related if isinstance(e, ObjectionAnswerEvent)],
                decisions=[e for e in related if isinstance(e, DecisionEvent)],
                withdrawn=any(isinstance(e, ObjectionWithdrawEvent) for e in related),
            )
        )
    return statuses


def approval_status(
    events: Sequence[Event], text_id: str, record: Record, today: dt.date
) -> ApprovalStatus:
    """The approval of the current text: the one decision the parity rule makes."""
    return ApprovalStatus(
        text_id=text_id,
        sides={side: side_status(events, text_id, record, side, today) for side in Side},
        objections=objection_statuses(events),
        approved=is_approved(events, text_id),
    )


def approval_event(
    status: ApprovalStatus, record: Record, event_id: str, at: dt.datetime, by: str
) -> ApprovalEvent | None:
    """The approval to record with the act that completes the rule, if it does."""
    if status.approved or not status.complete:
        return None
    return ApprovalEvent(
        id=event_id,
        at=at,
        by=by,
        text_id=status.text_id,
        seats_per_side=record.coordination.seats_per_side,
        sides=[
            SideCount(side=s.side, signatures=s.signers, quorum=s.quorum)
            for s in status.sides.values()
        ],
    )

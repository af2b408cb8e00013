"""Where each side stands on the current text, as of the right day.

An approved text shows who approved it, as of the approval: the signatures its
approval recorded, against the quorum then in force. A text not yet approved is
counted by the parity rule (`rules.parity`) as of the day it is read: who sits
that day decides which substitutes count and who has yet to sign, so the same
text can count otherwise tomorrow with no new commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from interpellations.record.model import ApprovalEvent, Event, Side, SignEvent
from interpellations.record.registry import Record
from interpellations.record.seats import Seat, seat_of
from interpellations.rules.parity import QuorumCount, active_signatures, side_status


@dataclass(frozen=True)
class Signature:
    """A signature the count includes."""

    email: str
    at: dt.datetime
    substitute: bool = False


@dataclass(frozen=True)
class Uncounted:
    """A signature of this text that the rule does not count, and why."""

    email: str
    at: dt.datetime
    reason: str  # substitute_not_needed | no_seat | other_side


@dataclass(frozen=True)
class SideStanding(QuorumCount):
    """One side on the current text: whose signatures count, against which quorum."""

    side: Side
    quorum: int
    signers: tuple[Signature, ...]
    not_signed: tuple[str, ...]  # members sitting that day who have not signed (not once approved)
    uncounted: tuple[Uncounted, ...]
    as_of: dt.date  # the approval's day once approved, else the day it is read


def side_standings(
    events: Sequence[Event],
    text_id: str,
    record: Record,
    today: dt.date,
    approval: ApprovalEvent | None,
) -> tuple[SideStanding, ...]:
    """Each side, CPAS first: as recorded by the approval, or as counted today."""
    current = [s for s in active_signatures(events) if s.text_id == text_id]
    if approval is not None:
        return tuple(_as_approved(approval, side, current, record) for side in Side)
    return tuple(_as_of(events, text_id, record, side, today, current) for side in Side)


def _first_by(current: Sequence[SignEvent], side: Side) -> dict[str, SignEvent]:
    first: dict[str, SignEvent] = {}
    for event in current:
        if event.side == side:
            first.setdefault(event.by, event)
    return first


def _as_approved(
    approval: ApprovalEvent, side: Side, current: Sequence[SignEvent], record: Record
) -> SideStanding:
    recorded = next(c for c in approval.sides if c.side == side)
    first = _first_by(current, side)
    signed_at = {
        email: first[email].at if email in first else approval.at for email in recorded.signatures
    }
    signers = tuple(
        Signature(email, at, _substitute(record, email, at.date()))
        for email, at in signed_at.items()
    )
    return SideStanding(side, recorded.quorum, signers, (), (), approval.at.date())


def _as_of(
    events: Sequence[Event],
    text_id: str,
    record: Record,
    side: Side,
    today: dt.date,
    current: Sequence[SignEvent],
) -> SideStanding:
    status = side_status(events, text_id, record, side, today)
    first = _first_by(current, side)
    substitutes = set(status.substitutes)
    signers = tuple(
        Signature(email, first[email].at, email in substitutes) for email in status.signers
    )
    counted = set(status.signers)
    uncounted = tuple(
        Uncounted(email, event.at, _why_not(record, event))
        for email, event in first.items()
        if email not in counted
    )
    return SideStanding(side, status.quorum, signers, tuple(status.not_signed), uncounted, today)


def _substitute(record: Record, email: str, day: dt.date) -> bool:
    member = record.member(email)
    return member is not None and seat_of(member, day) == Seat.SUBSTITUTE


def _why_not(record: Record, event: SignEvent) -> str:
    member = record.member(event.by)
    if member is None or member.side != event.side:
        return "other_side"
    if seat_of(member, event.at.date()) == Seat.SUBSTITUTE:
        return "substitute_not_needed"
    return "no_seat"

"""The signature panel: per side, who signed this exact text, who has not yet.

Built from the parity rule's own answer (`ApprovalStatus`), so the panel counts
exactly what the rule counts; the journal only adds the dates, the signatures
that do not count, and those given to an earlier text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from interpellations.record.loading import Record
from interpellations.record.model import Event, Side, SignEvent
from interpellations.record.seats import Seat, seat_of
from interpellations.rules.parity import ApprovalStatus, SideStatus, active_signatures


@dataclass(frozen=True)
class Signer:
    name: str
    at: dt.datetime
    substitute: bool = False


@dataclass(frozen=True)
class Uncounted:
    """A signature of this text that the rule does not count, and why."""

    name: str
    at: dt.datetime
    reason: str  # "substitute_not_needed" | "no_seat" | "other_side"


@dataclass(frozen=True)
class SidePanel:
    side: str
    count: int
    quorum: int
    missing: int
    signers: list[Signer]
    not_signed: list[str]  # names of sitting members who have not signed this text
    uncounted: list[Uncounted]

    @property
    def reached(self) -> bool:
        return self.missing == 0


@dataclass(frozen=True)
class EarlierSignature:
    """The last signature someone gave to an earlier text: it no longer counts."""

    name: str
    side: str
    at: dt.datetime
    version: str


@dataclass(frozen=True)
class SignaturePanel:
    sides: list[SidePanel]
    earlier: list[EarlierSignature]


def signature_panel(
    status: ApprovalStatus, events: Sequence[Event], record: Record
) -> SignaturePanel:
    """The panel of the current text (`status.text_id`)."""
    active = active_signatures(events)
    current = [s for s in active if s.text_id == status.text_id]
    return SignaturePanel(
        sides=[_side_panel(side, current, record) for side in status.sides.values()],
        earlier=_earlier(active, status.text_id, record),
    )


def _name(record: Record, email: str) -> str:
    member = record.member(email)
    return member.name if member else email


def _side_panel(status: SideStatus, current: list[SignEvent], record: Record) -> SidePanel:
    first: dict[str, SignEvent] = {}
    for event in current:
        if event.side == status.side:
            first.setdefault(event.by, event)
    substitutes = set(status.substitutes)
    signers = [
        Signer(_name(record, email), first[email].at, email in substitutes)
        for email in status.signers
    ]
    counted = set(status.signers)
    uncounted = [
        Uncounted(_name(record, email), event.at, _why_not(record, event))
        for email, event in first.items()
        if email not in counted
    ]
    return SidePanel(
        side=status.side.value,
        count=status.count,
        quorum=status.quorum,
        missing=status.missing,
        signers=signers,
        not_signed=[_name(record, email) for email in status.not_signed],
        uncounted=uncounted,
    )


def _why_not(record: Record, event: SignEvent) -> str:
    member = record.member(event.by)
    if member is None or member.side != event.side:
        return "other_side"
    if seat_of(member, event.at.date()) == Seat.SUBSTITUTE:
        return "substitute_not_needed"
    return "no_seat"


def _earlier(active: list[SignEvent], text_id: str, record: Record) -> list[EarlierSignature]:
    signed_now = {s.by for s in active if s.text_id == text_id}
    last: dict[str, SignEvent] = {}
    for event in active:
        if event.text_id != text_id and event.by not in signed_now:
            last[event.by] = event
    return [
        EarlierSignature(_name(record, e.by), Side(e.side).value, e.at, e.version)
        for e in sorted(last.values(), key=lambda e: e.at)
    ]

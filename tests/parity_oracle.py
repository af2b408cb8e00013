"""The parity rule as DOMAIN.md words it, written apart from the product's rules.

It reads the record's data (members, their roles and mandates, the seats and
the quorum) and the journal's events, and imports nothing of `interpellations.rules`
(a test holds it to that): where the product and this oracle disagree, one of
them misreads the text. Each function quotes the sentence it implements.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from interpellations.record.model import (
    ApprovalEvent,
    DecisionEvent,
    Event,
    Member,
    ObjectionEvent,
    ObjectionWithdrawEvent,
    Outcome,
    Role,
    Side,
    SignEvent,
    UnsignEvent,
)
from interpellations.record.registry import Record

SEAT_ROLES = {Role.MEMBER, Role.PRESIDENT, Role.VICE_PRESIDENT}
RECORDERS = {Role.PRESIDENT, Role.VICE_PRESIDENT, Role.COORDINATOR}


def mandate_runs(member: Member, day: dt.date) -> bool:
    starts = member.mandate_from or dt.date.min
    ends = member.mandate_to or dt.date.max
    return starts <= day <= ends


def sits(member: Member, day: dt.date) -> bool:
    """ "Coordinators administer; they do not sign unless they also hold a seat.\""""
    return mandate_runs(member, day) and bool(SEAT_ROLES & set(member.roles))


def substitutes(member: Member, day: dt.date) -> bool:
    return mandate_runs(member, day) and not sits(member, day) and Role.SUBSTITUTE in member.roles


def valid_signers(
    events: Sequence[Event], text_id: str, record: Record, side: Side, today: dt.date
) -> set[str]:
    """ "A signature counts when the signer held a seat (or sat in as a substitute) on the day
    they signed"; "a substitute counts only in place of a sitting member of the same side who
    has not signed that text id"; at most the seats of the side.
    """
    withdrawn = {e.signature for e in events if isinstance(e, UnsignEvent)}
    sitting_signers: list[str] = []
    substitute_signers: list[str] = []
    for sign in (e for e in events if isinstance(e, SignEvent)):
        member = record.member(sign.by)
        if sign.id in withdrawn or sign.text_id != text_id or sign.side != side:
            continue
        if member is None or member.side != side:
            continue
        if sign.by in sitting_signers or sign.by in substitute_signers:
            continue  # each person once
        day = sign.at.date()
        if sits(member, day):
            sitting_signers.append(sign.by)
        elif substitutes(member, day):
            substitute_signers.append(sign.by)
    unsigned_seats = [
        m
        for m in record.members
        if m.side == side and sits(m, today) and m.email not in sitting_signers
    ]
    counted = sitting_signers + substitute_signers[: len(unsigned_seats)]
    return set(counted[: record.coordination.seats_per_side])


def open_objections(events: Sequence[Event]) -> set[str]:
    """ "It blocks approval until it is withdrawn or settled": *overruled* and *text amended*
    end it; *maintained* keeps it blocking."""
    still_open = set()
    for objection in (e for e in events if isinstance(e, ObjectionEvent)):
        withdrawn = any(
            isinstance(e, ObjectionWithdrawEvent) and e.objection == objection.id for e in events
        )
        decisions = [
            e for e in events if isinstance(e, DecisionEvent) and e.objection == objection.id
        ]
        ended = decisions and decisions[-1].outcome in (Outcome.OVERRULED, Outcome.AMENDED)
        if not (withdrawn or ended):
            still_open.add(objection.id)
    return still_open


def approval_complete(
    events: Sequence[Event], text_id: str, record: Record, today: dt.date
) -> bool:
    """ "Approval needs co-signatures from both sides", a quorum each, "with no objection open"."""
    quorum = record.coordination.quorum_per_side
    both = all(len(valid_signers(events, text_id, record, s, today)) >= quorum for s in Side)
    return both and not open_objections(events)


def approved(events: Sequence[Event], text_id: str) -> bool:
    return any(isinstance(e, ApprovalEvent) and e.text_id == text_id for e in events)


def present_quorum(record: Record, present: Sequence[str], day: dt.date) -> bool:
    """ "The members present are distinct people, each counted once, each holding a seat of
    their side on the day of the decision (a substitute only in place of an absent sitting
    member of the same side)", "a quorum of each side present"."""
    emails = [p.strip().lower() for p in present]
    if len(set(emails)) != len(emails):
        return False
    members = [record.member(e) for e in emails]
    if any(m is None or not (sits(m, day) or substitutes(m, day)) for m in members):
        return False
    for side in Side:
        ours = [m for m in members if m is not None and m.side == side]
        sitting_here = [m for m in ours if sits(m, day)]
        absent = [
            m for m in record.members if m.side == side and sits(m, day) and m not in sitting_here
        ]
        standing_in = min(len(ours) - len(sitting_here), len(absent))
        if len(sitting_here) + standing_in < record.coordination.quorum_per_side:
            return False
    return True


def may_decide(
    events: Sequence[Event],
    text_id: str,
    record: Record,
    today: dt.date,
    recorder: str,
    objection_id: str,
    outcome: Outcome,
    present: Sequence[str],
    reason: str,
) -> bool:
    """ "Settled by a committee decision recorded by the president, the vice-president or a
    coordinator"; maintained, it blocks "until the text changes"; *text amended* needs a
    text other than the one objected to; "the decision carries its reason, which is required"."""
    member = record.member(recorder)
    objection = next(
        (e for e in events if isinstance(e, ObjectionEvent) and e.id == objection_id), None
    )
    if member is None or objection is None or not RECORDERS & set(member.roles):
        return False
    if objection_id not in open_objections(events):
        return False
    decisions = _decisions(events, objection_id)
    last = decisions[-1] if decisions else None
    if last and last.outcome == Outcome.MAINTAINED and last.text_id == text_id:
        return False
    if outcome == Outcome.AMENDED and objection.text_id == text_id:
        return False
    if not reason.strip():
        return False
    return present_quorum(record, present, today)


def _decisions(events: Sequence[Event], objection_id: str) -> list[DecisionEvent]:
    return [e for e in events if isinstance(e, DecisionEvent) and e.objection == objection_id]

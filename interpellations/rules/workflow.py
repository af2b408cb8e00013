"""The rules of the coordination: one decision function that says yes or no, and why.

`decide(situation, action, request)` is pure: it looks at the record (who sits for
which side, the quorum), the interpellation's events and its current text id,
and returns a `Decision` whose refusal carries a code and its parameters — which
side lacks how many signatures, which objection blocks, whose mandate ended —
for the CLI and the web layer to word in French or Dutch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from interpellations.errors import NotAllowed
from interpellations.record.model import (
    DecisionEvent,
    Event,
    Member,
    Outcome,
    Role,
    Side,
    SubmitEvent,
    WithdrawEvent,
)
from interpellations.record.registry import Record
from interpellations.record.seats import (
    holds_committee_role,
    in_mandate,
    is_chair_or_coordinator,
    seat_of,
)
from interpellations.rules.parity import (
    active_signatures,
    approval_event,
    approval_status,
    is_approved,
    objection_statuses,
)


class Action(StrEnum):
    EDIT = "edit"
    COMMENT = "comment"
    SUBMIT = "submit"
    SIGN = "sign"
    UNSIGN = "unsign"
    OBJECT = "object"
    ANSWER = "answer"
    WITHDRAW_OBJECTION = "withdraw-objection"
    DECIDE = "decide"
    WITHDRAW = "withdraw"


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    ISSUED = "issued"
    SENT = "sent"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Refusal:
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    refusal: Refusal | None = None

    def enforce(self) -> None:
        """Raise the refusal as a domain error (what the acts do)."""
        if self.refusal is not None:
            raise NotAllowed(reason=self.refusal.code, **self.refusal.params)


ALLOWED = Decision(True)


def refuse(code: str, **params: Any) -> Decision:
    return Decision(False, Refusal(code, params))


@dataclass(frozen=True)
class Situation:
    """What a decision looks at: the record, the interpellation, who acts and when."""

    record: Record
    events: Sequence[Event]
    text_id: str
    group: str
    actor: str
    today: dt.date
    sections_missing: tuple[str, ...] = ()

    @property
    def member(self) -> Member | None:
        return self.record.member(self.actor)

    def acting_member(self) -> Member:
        """The member who acts; refuses anyone the record does not know."""
        member = self.member
        if member is None:
            raise NotAllowed(reason="not_a_member", email=self.actor[:254])
        return member

    @property
    def state(self) -> State:
        return state_from(self.events, self.text_id)


@dataclass(frozen=True)
class Request:
    """What the person asks besides the action: what they saw and chose."""

    text_id: str | None = None
    side: Side | None = None
    objection: str | None = None
    outcome: Outcome | None = None
    present: tuple[str, ...] = ()


def state_from(events: Sequence[Event], text_id: str) -> State:
    """The state of an interpellation from its events and current text, never stored."""
    if any(isinstance(e, WithdrawEvent) for e in events):
        return State.WITHDRAWN
    if is_approved(events, text_id):
        return State.APPROVED
    if any(isinstance(e, SubmitEvent) for e in events):
        return State.SUBMITTED
    return State.DRAFT


def decide(situation: Situation, action: Action, request: Request | None = None) -> Decision:
    """May the actor do this now? The one place the workflow's rules are written."""
    request = request or Request()
    member = situation.member
    if member is None:
        return refuse("not_a_member", email=situation.actor[:254])
    if situation.state == State.WITHDRAWN and action != Action.COMMENT:
        return refuse("withdrawn")
    return RULES[action](situation, member, request)


def _editor(situation: Situation, member: Member) -> Decision:
    return _editor_of(situation.group, member)


def _editor_of(group: str, member: Member) -> Decision:
    """Texts are written by their working group and by the coordinators."""
    if group in member.groups or Role.COORDINATOR in member.roles:
        return ALLOWED
    return refuse("not_in_group", group=group)


def _committee_seat(situation: Situation, member: Member) -> Decision:
    """The actor holds a seat (or a substitute's place) today; says whose mandate ended."""
    if seat_of(member, situation.today) is not None:
        return ALLOWED
    if holds_committee_role(member) and not in_mandate(member, situation.today):
        ended = member.mandate_to.isoformat() if member.mandate_to else ""
        return refuse(
            "mandate_not_running",
            name=member.name,
            ended=ended,
            starts=member.mandate_from.isoformat() if member.mandate_from else "",
        )
    return refuse("not_on_committee", name=member.name)


def _seen_current(situation: Situation, request: Request) -> Decision:
    if request.text_id != situation.text_id:
        return refuse("stale_text", seen=(request.text_id or "")[:7], current=situation.text_id[:7])
    return ALLOWED


def _first_refusal(*checks: Callable[[], Decision]) -> Decision:
    for check in checks:
        decision = check()
        if not decision.allowed:
            return decision
    return ALLOWED


def _edit(situation: Situation, member: Member, request: Request) -> Decision:
    return _editor(situation, member)


def _comment(situation: Situation, member: Member, request: Request) -> Decision:
    return ALLOWED


def _submit(situation: Situation, member: Member, request: Request) -> Decision:
    if situation.state != State.DRAFT:
        return refuse("already_submitted")
    if situation.sections_missing:
        return refuse("incomplete_text", sections=", ".join(situation.sections_missing))
    return _editor(situation, member)


def _open_for_committee(situation: Situation) -> Decision:
    if situation.state == State.DRAFT:
        return refuse("not_submitted")
    if situation.state != State.SUBMITTED:
        return refuse("already_approved")
    return ALLOWED


def _sign(situation: Situation, member: Member, request: Request) -> Decision:
    def own_side() -> Decision:
        if request.side is not None and request.side != member.side:
            return refuse("wrong_side", side=member.side.value, asked=request.side.value)
        return ALLOWED

    def not_yet() -> Decision:
        mine = [
            s
            for s in active_signatures(situation.events)
            if s.by == member.email and s.text_id == situation.text_id
        ]
        return refuse("already_signed") if mine else ALLOWED

    return _first_refusal(
        lambda: _open_for_committee(situation),
        own_side,
        lambda: _committee_seat(situation, member),
        lambda: _seen_current(situation, request),
        not_yet,
    )


def _unsign(situation: Situation, member: Member, request: Request) -> Decision:
    def has_signed() -> Decision:
        mine = [
            s
            for s in active_signatures(situation.events)
            if s.by == member.email and s.text_id == situation.text_id
        ]
        return ALLOWED if mine else refuse("no_signature")

    return _first_refusal(lambda: _open_for_committee(situation), has_signed)


def _object(situation: Situation, member: Member, request: Request) -> Decision:
    def not_approved() -> Decision:
        return refuse("already_approved") if situation.state == State.APPROVED else ALLOWED

    return _first_refusal(
        not_approved,
        lambda: _committee_seat(situation, member),
        lambda: _seen_current(situation, request),
    )


def _objection(situation: Situation, request: Request) -> Any:
    return next(
        (o for o in objection_statuses(situation.events) if o.event.id == request.objection), None
    )


def _answer(situation: Situation, member: Member, request: Request) -> Decision:
    return ALLOWED if _objection(situation, request) else refuse("no_such_objection")


def _withdraw_objection(situation: Situation, member: Member, request: Request) -> Decision:
    objection = _objection(situation, request)
    if objection is None:
        return refuse("no_such_objection")
    if objection.event.by != member.email:
        return refuse("not_objection_author")
    return ALLOWED if objection.open else refuse("objection_closed")


def _decide(situation: Situation, member: Member, request: Request) -> Decision:
    objection = _objection(situation, request)
    if objection is None:
        return refuse("no_such_objection")
    if not is_chair_or_coordinator(member):
        return refuse("not_chair")
    if not objection.open:
        return refuse("objection_closed")
    last: DecisionEvent | None = objection.decisions[-1] if objection.decisions else None
    if last and last.outcome == Outcome.MAINTAINED and last.text_id == situation.text_id:
        return refuse("maintained_until_text_changes")
    return _quorum_present(situation, request)


def _quorum_present(situation: Situation, request: Request) -> Decision:
    """A decision needs the quorum of each side present, counted among committee seats."""
    quorum = situation.record.coordination.quorum_per_side
    for side in Side:
        present = [
            m
            for e in request.present
            if (m := situation.record.member(e))
            and m.side == side
            and seat_of(m, situation.today) is not None
        ]
        if len(present) < quorum:
            return refuse(
                "quorum_not_present", side=side.value, present=len(present), quorum=quorum
            )
    return ALLOWED


def _withdraw(situation: Situation, member: Member, request: Request) -> Decision:
    return _editor(situation, member)


RULES: dict[Action, Callable[[Situation, Member, Request], Decision]] = {
    Action.EDIT: _edit,
    Action.COMMENT: _comment,
    Action.SUBMIT: _submit,
    Action.SIGN: _sign,
    Action.UNSIGN: _unsign,
    Action.OBJECT: _object,
    Action.ANSWER: _answer,
    Action.WITHDRAW_OBJECTION: _withdraw_objection,
    Action.DECIDE: _decide,
    Action.WITHDRAW: _withdraw,
}


# The acts after which both quorums may be complete (an edit never completes them).
COMPLETING = frozenset({Action.SIGN, Action.WITHDRAW_OBJECTION, Action.DECIDE})


def act_events(situation: Situation, action: Action, event: Event, approval_id: str) -> list[Event]:
    """What an allowed act appends: its event, and the approval it completes, if it does.

    Evaluated against the exact events and text of the write that records the
    act, with the committee and quorum in force then.
    """
    if action not in COMPLETING:
        return [event]
    events = [*situation.events, event]
    status = approval_status(events, situation.text_id, situation.record, situation.today)
    approval = approval_event(status, situation.record, approval_id, event.at, event.by)
    return [event] if approval is None else [event, approval]


def require_member(record: Record, actor: str) -> Member:
    """The acting member; anyone the record does not know is refused."""
    member = record.member(actor)
    if member is None:
        raise NotAllowed(reason="not_a_member", email=actor[:254])
    return member


def require_editor(record: Record, actor: str, group: str) -> None:
    """Before a text exists: may the actor write for this working group?"""
    _editor_of(group, require_member(record, actor)).enforce()

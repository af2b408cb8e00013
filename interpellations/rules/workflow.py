"""The rules of the coordination: one decision function that says yes or no, and why.

`decide(situation, action, request)` is pure: it looks at the record (who sits for
which side, the quorum), the interpellation's events, texts and current text id,
and returns a `Decision` whose refusal carries a code and its parameters — which
side lacks how many signatures, which objection blocks, whose mandate ended —
for the CLI and the web layer to word in French or Dutch. Every act goes through
it (`acts.pipeline`), and there is one rule per action (`RULES`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from interpellations.record.document import Text
from interpellations.record.model import (
    CommentEvent,
    DecisionEvent,
    Event,
    Language,
    Member,
    Outcome,
    ResolveEvent,
    Role,
    Side,
)
from interpellations.record.registry import Record
from interpellations.record.seats import (
    holds_committee_role,
    in_mandate,
    is_chair_or_coordinator,
    seat_of,
)
from interpellations.record.trailers import Action
from interpellations.rules.decisions import ALLOWED, Decision, refuse
from interpellations.rules.parity import (
    ObjectionStatus,
    active_signatures,
    objection_statuses,
)
from interpellations.rules.presence import presence
from interpellations.rules.states import State, issue_of, state_from
from interpellations.rules.submission import submission_gaps

TEXT_ID_RE = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Situation:
    """What a decision looks at: the record, the interpellation, who acts and when.

    Before a text exists (creating it, founding the record) the interpellation's
    part is empty, but for the working group the new text is written for.
    """

    record: Record
    actor: str
    today: dt.date
    events: Sequence[Event] = ()
    text_id: str = ""
    group: str = ""
    texts: Mapping[Language, Text] = field(default_factory=dict)

    @property
    def member(self) -> Member | None:
        return self.record.member(self.actor)

    # Asked once per situation: a page asks the rules about every act and every thread
    @cached_property
    def state(self) -> State:
        return state_from(self.events, self.text_id)

    @cached_property
    def comments(self) -> frozenset[str]:
        return frozenset(e.id for e in self.events if isinstance(e, CommentEvent))

    @cached_property
    def threads(self) -> frozenset[str]:
        """The first comments of the threads."""
        return frozenset(
            e.id for e in self.events if isinstance(e, CommentEvent) and not e.reply_to
        )

    @cached_property
    def resolved(self) -> frozenset[str]:
        return frozenset(e.comment for e in self.events if isinstance(e, ResolveEvent))


@dataclass(frozen=True)
class Request:
    """What the person asks besides the action: what they saw and chose."""

    text_id: str | None = None
    side: Side | None = None
    objection: str | None = None
    outcome: Outcome | None = None
    present: tuple[str, ...] = ()
    reason: str = ""
    comment: str | None = None


Rule = Callable[[Situation, Member, Request], Decision]
# Discussion goes on after a withdrawal; nothing else does
AFTER_WITHDRAWAL = frozenset({Action.COMMENT, Action.REPLY, Action.RESOLVE})
# Once its letters are issued, the text and its approval are what was sent
FROZEN_ONCE_ISSUED = frozenset(
    {
        Action.EDIT,
        Action.SUBMIT,
        Action.SIGN,
        Action.UNSIGN,
        Action.OBJECT,
        Action.WITHDRAW,
        Action.ISSUE,
    }
)


def decide(situation: Situation, action: Action, request: Request | None = None) -> Decision:
    """May the actor do this now? The one place the workflow's rules are written."""
    return _judge(situation, action, request or Request(), RULES[action])


def may_start(situation: Situation, action: Action, request: Request | None = None) -> Decision:
    """May the actor start this act now, before filling in its form?

    The act's rule, but for what its form asks (a decision's outcome, reason and
    people present), which `decide` checks once the form is sent: what a page
    offers as a button, or explains why not.
    """
    return _judge(situation, action, request or Request(), STARTING.get(action, RULES[action]))


def _judge(situation: Situation, action: Action, request: Request, rule: Rule) -> Decision:
    member = situation.member
    if member is None:
        return refuse("not_a_member", email=situation.actor[:254])
    if situation.state == State.WITHDRAWN and action not in AFTER_WITHDRAWAL:
        return refuse("withdrawn")
    issued = issue_of(situation.events, situation.text_id)
    if issued is not None and action in FROZEN_ONCE_ISSUED:
        return refuse("issued", reference=issued.reference)
    return rule(situation, member, request)


def _first_refusal(*checks: Callable[[], Decision]) -> Decision:
    for check in checks:
        decision = check()
        if not decision.allowed:
            return decision
    return ALLOWED


def _editor(situation: Situation, member: Member) -> Decision:
    """Texts are written by their working group and by the coordinators."""
    if situation.group in member.groups or Role.COORDINATOR in member.roles:
        return ALLOWED
    return refuse("not_in_group", group=situation.group)


def _committee_seat(situation: Situation, member: Member) -> Decision:
    """The actor holds a seat (or a substitute's place) today; says whose mandate ended."""
    if seat_of(member, situation.today) is not None:
        return ALLOWED
    if holds_committee_role(member) and not in_mandate(member, situation.today):
        return refuse(
            "mandate_not_running",
            name=member.name,
            ended=member.mandate_to.isoformat() if member.mandate_to else "",
            starts=member.mandate_from.isoformat() if member.mandate_from else "",
        )
    return refuse("not_on_committee", name=member.name)


def _seen_current(situation: Situation, request: Request) -> Decision:
    """The person acts on the text they were shown, given by its full id."""
    seen = request.text_id or ""
    if not TEXT_ID_RE.fullmatch(seen):
        return refuse("invalid_text_id", value=seen[:80])
    if seen != situation.text_id:
        return refuse("stale_text", seen=seen[:7], current=situation.text_id[:7])
    return ALLOWED


def _found(situation: Situation, member: Member, request: Request) -> Decision:
    """The registre is founded by a coordinator of the record it founds."""
    return ALLOWED if Role.COORDINATOR in member.roles else refuse("founder_not_coordinator")


def _administer(situation: Situation, member: Member, request: Request) -> Decision:
    """The coordination's files are changed by its coordinators."""
    return ALLOWED if Role.COORDINATOR in member.roles else refuse("not_coordinator")


def _issue(situation: Situation, member: Member, request: Request) -> Decision:
    """A coordinator turns the approved text, as they saw it, into its letters."""
    if Role.COORDINATOR not in member.roles:
        return refuse("not_issuer")
    if situation.state != State.APPROVED:
        return refuse("not_approved")
    return _seen_current(situation, request)


def _follow_up(situation: Situation, member: Member, request: Request) -> Decision:
    """Its writers follow up issued letters with a new interpellation linked to them."""
    if situation.state != State.ISSUED:
        return refuse("not_issued")
    return _editor(situation, member)


def _write(situation: Situation, member: Member, request: Request) -> Decision:
    return _editor(situation, member)


def _comment(situation: Situation, member: Member, request: Request) -> Decision:
    return ALLOWED


def _on_comment(situation: Situation, member: Member, request: Request) -> Decision:
    """A reply or a resolution names a comment of this interpellation."""
    return ALLOWED if request.comment in situation.comments else refuse("no_such_comment")


def _resolve(situation: Situation, member: Member, request: Request) -> Decision:
    """A thread is resolved once, from its first comment."""

    def a_thread() -> Decision:
        return ALLOWED if request.comment in situation.threads else refuse("no_such_comment")

    def not_yet() -> Decision:
        return refuse("already_resolved") if request.comment in situation.resolved else ALLOWED

    return _first_refusal(a_thread, not_yet)


def _submit(situation: Situation, member: Member, request: Request) -> Decision:
    def complete() -> Decision:
        gaps = submission_gaps(situation.texts, situation.record)
        return refuse("incomplete_text", gaps=gaps) if gaps else ALLOWED

    def still_a_draft() -> Decision:
        return ALLOWED if situation.state == State.DRAFT else refuse("already_submitted")

    return _first_refusal(still_a_draft, complete, lambda: _editor(situation, member))


def _open_for_committee(situation: Situation) -> Decision:
    if situation.state == State.DRAFT:
        return refuse("not_submitted")
    if situation.state != State.SUBMITTED:
        return refuse("already_approved")
    return ALLOWED


def _signed_now(situation: Situation, member: Member) -> bool:
    return any(
        s.by == member.email and s.text_id == situation.text_id
        for s in active_signatures(situation.events)
    )


def _sign(situation: Situation, member: Member, request: Request) -> Decision:
    def own_side() -> Decision:
        if request.side is not None and request.side != member.side:
            return refuse("wrong_side", side=member.side.value, asked=request.side.value)
        return ALLOWED

    return _first_refusal(
        lambda: _open_for_committee(situation),
        own_side,
        lambda: _committee_seat(situation, member),
        lambda: _seen_current(situation, request),
        lambda: refuse("already_signed") if _signed_now(situation, member) else ALLOWED,
    )


def _unsign(situation: Situation, member: Member, request: Request) -> Decision:
    return _first_refusal(
        lambda: _open_for_committee(situation),
        lambda: ALLOWED if _signed_now(situation, member) else refuse("no_signature"),
    )


def _object(situation: Situation, member: Member, request: Request) -> Decision:
    def not_approved() -> Decision:
        return refuse("already_approved") if situation.state == State.APPROVED else ALLOWED

    return _first_refusal(
        not_approved,
        lambda: _committee_seat(situation, member),
        lambda: _seen_current(situation, request),
    )


def _objection(situation: Situation, request: Request) -> ObjectionStatus | None:
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


def _decision_opens(situation: Situation, member: Member, request: Request) -> Decision:
    """A chair may record a decision on this objection now."""
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
    return ALLOWED


def _decide(situation: Situation, member: Member, request: Request) -> Decision:
    opens = _decision_opens(situation, member, request)
    objection = _objection(situation, request)
    if not opens.allowed or objection is None:
        return opens
    if request.outcome == Outcome.AMENDED and objection.event.text_id == situation.text_id:
        return refuse("text_not_amended")
    if not request.reason.strip():
        return refuse("decision_reason_missing")
    return _quorum_present(situation, request)


def _quorum_present(situation: Situation, request: Request) -> Decision:
    """The members present are distinct people with a seat that day, a quorum of each side."""
    counted = presence(situation.record, request.present, situation.today)
    if counted.twice:
        return refuse("present_twice", name=counted.twice)
    if counted.without_seat:
        return refuse("present_without_seat", name=counted.without_seat)
    quorum = situation.record.coordination.quorum_per_side
    for side in Side:
        if counted.counted[side] < quorum:
            return refuse(
                "quorum_not_present", side=side.value, present=counted.counted[side], quorum=quorum
            )
    return ALLOWED


RULES: dict[Action, Rule] = {
    Action.FOUND: _found,
    Action.CREATE: _write,
    Action.EDIT: _write,
    Action.COMMENT: _comment,
    Action.REPLY: _on_comment,
    Action.RESOLVE: _resolve,
    Action.SUBMIT: _submit,
    Action.SIGN: _sign,
    Action.UNSIGN: _unsign,
    Action.OBJECT: _object,
    Action.ANSWER: _answer,
    Action.WITHDRAW_OBJECTION: _withdraw_objection,
    Action.DECIDE: _decide,
    Action.WITHDRAW: _write,
    Action.ISSUE: _issue,
    Action.FOLLOW_UP: _follow_up,
    Action.ADMINISTER: _administer,
}
# Where an act's form adds checks of its own, the rule for starting it
STARTING: dict[Action, Rule] = {Action.DECIDE: _decision_opens}

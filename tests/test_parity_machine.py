"""The parity rule under random sequences of acts (hypothesis state machine, pure functions).

Edits in both languages, signatures, withdrawals, objections, decisions,
substitutes and mandate ends; at every step: the approval is recorded exactly
when each side's valid signatures reach the quorum and no objection is open, one
side alone never approves, and a signature never counts for another text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from interpellations.clock import BRUSSELS
from interpellations.demo.build import demo_record
from interpellations.record.loading import Record
from interpellations.record.model import (
    ApprovalEvent,
    DecisionEvent,
    Event,
    ObjectionEvent,
    ObjectionWithdrawEvent,
    Outcome,
    Role,
    Side,
    SignEvent,
    SubmitEvent,
    UnsignEvent,
)
from interpellations.record.seats import Seat, seat_of
from interpellations.record.trailers import Action
from interpellations.rules.parity import side_status
from interpellations.rules.states import State
from interpellations.rules.workflow import Request, Situation, act_events, decide

COORDINATION, MEMBERS, AUTHORITIES = demo_record()
EMAILS = [m.email for m in MEMBERS.members]
CHAIRS = [
    m.email
    for m in MEMBERS.members
    if {Role.PRESIDENT, Role.VICE_PRESIDENT, Role.COORDINATOR} & set(m.roles)
]
COMMITTEE = [
    m.email
    for m in MEMBERS.members
    if {Role.MEMBER, Role.PRESIDENT, Role.VICE_PRESIDENT, Role.SUBSTITUTE} & set(m.roles)
]
GROUP = "gt-logement"


def text_id_for(version: int, dutch: int) -> str:
    return hashlib.sha256(f"fr{version}/nl{dutch}".encode()).hexdigest()


def oracle_valid(
    events: Sequence[Event], text_id: str, record: Record, side: Side, today: dt.date
) -> set[str]:
    """An independent count of who validly signed `text_id` for `side`."""
    unsigned = {e.signature for e in events if isinstance(e, UnsignEvent)}
    sitting_signed: list[str] = []
    substitutes: list[str] = []
    for sign in (e for e in events if isinstance(e, SignEvent)):
        member = record.member(sign.by)
        if (
            sign.id in unsigned
            or sign.text_id != text_id
            or sign.side != side
            or member is None
            or member.side != side
            or sign.by in sitting_signed
            or sign.by in substitutes
        ):
            continue
        seat = seat_of(member, sign.at.date())
        if seat == Seat.SITTING:
            sitting_signed.append(sign.by)
        elif seat == Seat.SUBSTITUTE:
            substitutes.append(sign.by)
    vacancies = [
        m
        for m in record.members
        if m.side == side and seat_of(m, today) == Seat.SITTING and m.email not in sitting_signed
    ]
    counted = sitting_signed + substitutes[: len(vacancies)]
    return set(counted[: record.coordination.seats_per_side])


def oracle_open_objections(events: Sequence[Event]) -> set[str]:
    opened = set()
    for objection in (e for e in events if isinstance(e, ObjectionEvent)):
        related = [e for e in events if getattr(e, "objection", None) == objection.id]
        withdrawn = any(isinstance(e, ObjectionWithdrawEvent) for e in related)
        decisions = [e for e in related if isinstance(e, DecisionEvent)]
        if not withdrawn and (not decisions or decisions[-1].outcome == Outcome.MAINTAINED):
            opened.add(objection.id)
    return opened


class ParityMachine(RuleBasedStateMachine):
    """The rules as the service applies them, against an oracle written apart."""

    def __init__(self) -> None:
        super().__init__()
        self.record = Record(COORDINATION, tuple(MEMBERS.members), tuple(AUTHORITIES.authorities))
        self.events: list[Event] = []
        self.french = 0
        self.dutch = 0
        self.today = dt.date(2026, 9, 1)
        self.counter = 0

    @property
    def text_id(self) -> str:
        return text_id_for(self.french, self.dutch)

    def situation(self, actor: str) -> Situation:
        return Situation(self.record, tuple(self.events), self.text_id, GROUP, actor, self.today)

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}-{self.counter}"

    def at(self) -> dt.datetime:
        return dt.datetime.combine(self.today, dt.time(10), BRUSSELS)

    def act(self, actor: str, action: Action, request: Request, event: Event) -> None:
        """Apply an act as the service does; check what it appends against the oracle."""
        situation = self.situation(actor)
        if not decide(situation, action, request).allowed:
            return
        appended = act_events(situation, action, event, self.next_id("a"))
        after = [*self.events, event]
        complete = all(
            len(oracle_valid(after, self.text_id, self.record, side, self.today))
            >= self.record.coordination.quorum_per_side
            for side in Side
        ) and not oracle_open_objections(after)
        already = any(
            isinstance(e, ApprovalEvent) and e.text_id == self.text_id for e in self.events
        )
        recorded = len(appended) == 2
        if action in (Action.SIGN, Action.WITHDRAW_OBJECTION, Action.DECIDE):
            assert recorded == (complete and not already)
        else:
            assert not recorded
        self.events.extend(appended)

    @initialize()
    def submitted(self) -> None:
        coordinator = "thomas.lejeune@cpas-hautvallon.example"
        self.act(
            coordinator,
            Action.SUBMIT,
            Request(),
            SubmitEvent(id=self.next_id("s"), at=self.at(), by=coordinator, text_id=self.text_id),
        )

    @rule(dutch=st.booleans())
    def edit(self, dutch: bool) -> None:
        if dutch:
            self.dutch += 1
        else:
            self.french += 1

    @rule(who=st.sampled_from(EMAILS), stale=st.booleans(), side=st.sampled_from([None, *Side]))
    def sign(self, who: str, stale: bool, side: Side | None) -> None:
        seen = text_id_for(self.french - 1, self.dutch) if stale else self.text_id
        member = self.record.member(who)
        assert member is not None
        event = SignEvent(
            id=self.next_id("g"),
            at=self.at(),
            by=who,
            text_id=self.text_id,
            side=member.side,
            version="0" * 40,
        )
        self.act(who, Action.SIGN, Request(text_id=seen, side=side), event)

    @rule(who=st.sampled_from(COMMITTEE))
    def sign_as_shown(self, who: str) -> None:
        """The common case, drawn more often: a committee member signs the page they read."""
        self.sign(who, stale=False, side=None)

    @rule(who=st.sampled_from(EMAILS))
    def unsign(self, who: str) -> None:
        mine = [
            e
            for e in self.events
            if isinstance(e, SignEvent) and e.by == who and e.text_id == self.text_id
        ]
        unsigned = {e.signature for e in self.events if isinstance(e, UnsignEvent)}
        active = [e for e in mine if e.id not in unsigned]
        target = active[-1].id if active else "none"
        self.act(
            who,
            Action.UNSIGN,
            Request(),
            UnsignEvent(id=self.next_id("u"), at=self.at(), by=who, signature=target),
        )

    @rule(who=st.sampled_from(EMAILS), dice=st.integers(0, 3))
    def raise_objection(self, who: str, dice: int) -> None:
        if dice:  # objections block everything: keep them rarer than signatures
            return
        self.act(
            who,
            Action.OBJECT,
            Request(text_id=self.text_id),
            ObjectionEvent(
                id=self.next_id("o"), at=self.at(), by=who, text_id=self.text_id, reason="Désaccord"
            ),
        )

    def objections(self) -> list[ObjectionEvent]:
        return [e for e in self.events if isinstance(e, ObjectionEvent)]

    @precondition(lambda self: bool(self.objections()))
    @rule(data=st.data(), by_author=st.booleans())
    def withdraw_objection(self, data: st.DataObject, by_author: bool) -> None:
        objection = data.draw(st.sampled_from(self.objections()))
        who = objection.by if by_author else data.draw(st.sampled_from(EMAILS))
        self.act(
            who,
            Action.WITHDRAW_OBJECTION,
            Request(objection=objection.id),
            ObjectionWithdrawEvent(
                id=self.next_id("w"), at=self.at(), by=who, objection=objection.id
            ),
        )

    @precondition(lambda self: bool(self.objections()))
    @rule(
        data=st.data(),
        who=st.sampled_from(CHAIRS + EMAILS[:3]),
        outcome=st.sampled_from(list(Outcome)),
        everyone=st.booleans(),
    )
    def decide_objection(
        self, data: st.DataObject, who: str, outcome: Outcome, everyone: bool
    ) -> None:
        objection = data.draw(st.sampled_from(self.objections()))
        present = EMAILS if everyone else EMAILS[:3]
        self.act(
            who,
            Action.DECIDE,
            Request(objection=objection.id, outcome=outcome, present=tuple(present)),
            DecisionEvent(
                id=self.next_id("d"),
                at=self.at(),
                by=who,
                objection=objection.id,
                outcome=outcome,
                present=present,
                text_id=self.text_id,
            ),
        )

    @rule(who=st.sampled_from(EMAILS), dice=st.integers(0, 2))
    def end_mandate(self, who: str, dice: int) -> None:
        """A coordinator's commit ends a mandate yesterday (or a substitute's)."""
        if dice:
            return
        ended = self.today - dt.timedelta(days=1)
        self.record = Record(
            self.record.coordination,
            tuple(
                m.model_copy(update={"mandate_to": ended})
                if m.email == who and (m.mandate_from or dt.date.min) <= ended
                else m
                for m in self.record.members
            ),
            self.record.authorities,
        )

    @rule(days=st.integers(min_value=1, max_value=40))
    def next_days(self, days: int) -> None:
        self.today += dt.timedelta(days=days)

    @invariant()
    def approvals_need_both_sides_on_that_exact_text(self) -> None:
        for approval in (e for e in self.events if isinstance(e, ApprovalEvent)):
            assert {c.side for c in approval.sides} == set(Side)
            for count in approval.sides:
                assert len(count.signatures) >= count.quorum >= 1
                for email in count.signatures:
                    assert any(
                        isinstance(e, SignEvent)
                        and e.by == email
                        and e.text_id == approval.text_id
                        and e.side == count.side
                        for e in self.events
                    )

    @invariant()
    def signatures_count_only_for_their_text(self) -> None:
        for side in Side:
            counted = side_status(self.events, self.text_id, self.record, side, self.today)
            assert set(counted.signers) == oracle_valid(
                self.events, self.text_id, self.record, side, self.today
            )

    @invariant()
    def state_follows_the_events(self) -> None:
        state = self.situation(EMAILS[0]).state
        approved = any(
            isinstance(e, ApprovalEvent) and e.text_id == self.text_id for e in self.events
        )
        assert (state == State.APPROVED) == approved


TestParity = ParityMachine.TestCase

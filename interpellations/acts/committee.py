"""The committee's acts: submit, sign, withdraw a signature, object, answer, decide, withdraw.

Each is a declaration over the act pipeline (`acts.pipeline`): the action, what
the person asked (checked by `rules.workflow.decide` inside the write), and the
journal event it appends. The act that completes both quorums (with no objection
open) records the approval in the same commit, with the rule in force then.
"""

from __future__ import annotations

from dataclasses import dataclass

from interpellations.acts.pipeline import Done, JournalAct, Scene, perform
from interpellations.record.ids import InterpellationId
from interpellations.record.model import (
    DecisionEvent,
    Event,
    ObjectionAnswerEvent,
    ObjectionEvent,
    ObjectionWithdrawEvent,
    Outcome,
    Side,
    SignEvent,
    SubmitEvent,
    UnsignEvent,
    WithdrawEvent,
)
from interpellations.record.store import Store
from interpellations.record.trailers import Action, Via
from interpellations.rules.parity import active_signatures
from interpellations.rules.workflow import Request


@dataclass(frozen=True)
class Submit(JournalAct):
    action = Action.SUBMIT
    event_prefix = "s"
    verb = "Soumet au comité de pilotage"

    def event(self, scene: Scene) -> Event:
        return SubmitEvent(**scene.stamp(), text_id=scene.interpellation.text_id)


@dataclass(frozen=True)
class Sign(JournalAct):
    """Sign the exact text the person saw (`text_id`); a stale page cannot sign a newer one."""

    text_id: str
    side: Side | None = None
    action = Action.SIGN
    event_prefix = "g"
    verb = "Signe"

    def request(self) -> Request:
        return Request(text_id=self.text_id, side=self.side)

    def event(self, scene: Scene) -> Event:
        read = scene.interpellation
        return SignEvent(
            **scene.stamp(), text_id=read.text_id, side=scene.member.side, version=read.version
        )


@dataclass(frozen=True)
class Unsign(JournalAct):
    action = Action.UNSIGN
    event_prefix = "u"
    verb = "Retire sa signature de"

    def event(self, scene: Scene) -> Event:
        read = scene.interpellation
        mine = [
            s
            for s in active_signatures(read.journal.events)
            if s.by == scene.member.email and s.text_id == read.text_id
        ]
        return UnsignEvent(**scene.stamp(), signature=mine[-1].id)


@dataclass(frozen=True)
class Object(JournalAct):
    """A blocking objection, with its reason, against the text the person saw."""

    text_id: str
    reason: str
    section: str | None = None
    action = Action.OBJECT
    event_prefix = "o"
    verb = "Soulève une objection sur"

    def request(self) -> Request:
        return Request(text_id=self.text_id)

    def event(self, scene: Scene) -> Event:
        return ObjectionEvent(
            **scene.stamp(),
            text_id=scene.interpellation.text_id,
            reason=self.reason.strip(),
            section=self.section,
        )


@dataclass(frozen=True)
class Answer(JournalAct):
    objection: str
    body: str
    action = Action.ANSWER
    event_prefix = "r"
    verb = "Répond à une objection sur"

    def request(self) -> Request:
        return Request(objection=self.objection)

    def event(self, scene: Scene) -> Event:
        return ObjectionAnswerEvent(
            **scene.stamp(), objection=self.objection, body=self.body.strip()
        )


@dataclass(frozen=True)
class WithdrawObjection(JournalAct):
    objection: str
    action = Action.WITHDRAW_OBJECTION
    event_prefix = "w"
    verb = "Retire son objection sur"

    def request(self) -> Request:
        return Request(objection=self.objection)

    def event(self, scene: Scene) -> Event:
        return ObjectionWithdrawEvent(**scene.stamp(), objection=self.objection)


@dataclass(frozen=True)
class Decide(JournalAct):
    """The committee's decision on an objection, with the members present and its reason."""

    objection: str
    outcome: Outcome
    present: tuple[str, ...]
    reason: str
    action = Action.DECIDE
    event_prefix = "d"
    verb = "Consigne la décision du comité sur une objection à"

    def request(self) -> Request:
        return Request(
            objection=self.objection,
            outcome=self.outcome,
            present=self.present,
            reason=self.reason,
        )

    def event(self, scene: Scene) -> Event:
        return DecisionEvent(
            **scene.stamp(),
            objection=self.objection,
            outcome=self.outcome,
            present=[p.strip().lower() for p in self.present],
            text_id=scene.interpellation.text_id,
            note=self.reason.strip(),
        )


@dataclass(frozen=True)
class Withdraw(JournalAct):
    """The interpellation is withdrawn; it stays in the record."""

    reason: str
    action = Action.WITHDRAW
    event_prefix = "x"
    verb = "Retire l'interpellation"

    def event(self, scene: Scene) -> Event:
        return WithdrawEvent(**scene.stamp(), reason=self.reason.strip())


# The acts as functions, for the command-line tool, the demo and the tests


def submit(store: Store, actor: str, iid: InterpellationId, *, via: Via | None = None) -> Done:
    return perform(store, actor, Submit(iid), via=via)


def sign(
    store: Store,
    actor: str,
    iid: InterpellationId,
    text_id: str,
    side: Side | None = None,
    *,
    via: Via | None = None,
) -> Done:
    return perform(store, actor, Sign(iid, text_id, side), via=via)


def withdraw_signature(
    store: Store, actor: str, iid: InterpellationId, *, via: Via | None = None
) -> Done:
    return perform(store, actor, Unsign(iid), via=via)


def raise_objection(
    store: Store,
    actor: str,
    iid: InterpellationId,
    text_id: str,
    reason: str,
    section: str | None = None,
    *,
    via: Via | None = None,
) -> Done:
    return perform(store, actor, Object(iid, text_id, reason, section), via=via)


def answer_objection(
    store: Store,
    actor: str,
    iid: InterpellationId,
    objection: str,
    body: str,
    *,
    via: Via | None = None,
) -> Done:
    return perform(store, actor, Answer(iid, objection, body), via=via)


def withdraw_objection(
    store: Store, actor: str, iid: InterpellationId, objection: str, *, via: Via | None = None
) -> Done:
    return perform(store, actor, WithdrawObjection(iid, objection), via=via)


def record_decision(
    store: Store,
    actor: str,
    iid: InterpellationId,
    objection: str,
    outcome: Outcome,
    present: list[str] | tuple[str, ...],
    reason: str,
    *,
    via: Via | None = None,
) -> Done:
    return perform(store, actor, Decide(iid, objection, outcome, tuple(present), reason), via=via)


def withdraw_interpellation(
    store: Store, actor: str, iid: InterpellationId, reason: str, *, via: Via | None = None
) -> Done:
    return perform(store, actor, Withdraw(iid, reason), via=via)

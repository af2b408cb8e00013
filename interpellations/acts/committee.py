"""The committee's acts: submit, sign, withdraw a signature, object, answer, decide, withdraw.

Each act is one commit by its author, checked by `workflow.decide` against the
record and the exact current text inside the serialised write, so no signature
and edit can race past each other. The act that completes both quorums (with no
objection open) records the approval in the same commit, with the rule in force.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from interpellations.clock import now
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import Interpellation, load_interpellation
from interpellations.record.journal import append_event, new_event_id
from interpellations.record.loading import JOURNAL_FILE, Record, load_record
from interpellations.record.model import (
    DecisionEvent,
    Event,
    Language,
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
from interpellations.record.store import Draft, Snapshot, Store, WriteResult
from interpellations.rules.parity import ApprovalStatus, active_signatures, approval_status
from interpellations.rules.states import situation_of
from interpellations.rules.workflow import Action, Request, Situation, act_events, decide
from interpellations.text.diffing import SectionDiff, text_diff

EventMaker = Callable[[Situation, Interpellation, str], Event]


@dataclass(frozen=True)
class ActResult:
    write: WriteResult
    event: str
    approved: bool = False


def status_of(record: Record, read: Interpellation) -> ApprovalStatus:
    """Where the approval of the current text stands (per side, objections, approved)."""
    return approval_status(read.journal.events, read.text_id, record, now().date())


def _act(
    store: Store,
    actor: str,
    iid: InterpellationId,
    action: Action,
    request: Request,
    make: EventMaker,
    message: str,
) -> ActResult:
    author = load_record(store.snapshot()).identity(actor)
    event_id = new_event_id(action.value[0])
    approved = False

    def build(snapshot: Snapshot) -> Draft:
        nonlocal approved
        record = load_record(snapshot)
        read = load_interpellation(snapshot, iid)
        situation = situation_of(record, read, actor)
        decide(situation, action, request).enforce()
        appended = act_events(situation, action, make(situation, read, event_id), new_event_id("a"))
        path = iid.path(JOURNAL_FILE)
        journal = snapshot.read(path)
        for event in appended:
            journal = append_event(journal, event)
        trailers = {
            "Action": action.value,
            "Interpellation": str(iid),
            "Text-Id": read.text_id,
            "Event": event_id,
        }
        summary = f"{message} « {read.title} »"
        approved = len(appended) > 1
        if approved:
            trailers["Approval"] = appended[-1].id
            summary += " — texte approuvé par le comité de pilotage"
        return Draft(changes={path: journal}, message=summary, trailers=trailers)

    return ActResult(store.transact(build, author=author), event_id, approved)


def submit(store: Store, actor: str, iid: InterpellationId) -> ActResult:
    """The working group hands its text, as it is now, to the steering committee."""

    def make(situation: Situation, read: Interpellation, event_id: str) -> Event:
        return SubmitEvent(id=event_id, at=now(), by=situation.actor, text_id=read.text_id)

    return _act(store, actor, iid, Action.SUBMIT, Request(), make, "Soumet au comité de pilotage")


def sign(
    store: Store, actor: str, iid: InterpellationId, text_id: str, side: Side | None = None
) -> ActResult:
    """Sign the exact text the person saw (`text_id`); a stale page cannot sign a newer text."""

    def make(situation: Situation, read: Interpellation, event_id: str) -> Event:
        member = situation.acting_member()
        return SignEvent(
            id=event_id,
            at=now(),
            by=member.email,
            text_id=read.text_id,
            side=member.side,
            version=read.version,
        )

    return _act(store, actor, iid, Action.SIGN, Request(text_id=text_id, side=side), make, "Signe")


def withdraw_signature(store: Store, actor: str, iid: InterpellationId) -> ActResult:
    """Withdraw one's signature of the current text, before approval."""

    def make(situation: Situation, read: Interpellation, event_id: str) -> Event:
        mine = [
            s
            for s in active_signatures(read.journal.events)
            if s.by == situation.actor and s.text_id == read.text_id
        ]
        return UnsignEvent(id=event_id, at=now(), by=situation.actor, signature=mine[-1].id)

    return _act(store, actor, iid, Action.UNSIGN, Request(), make, "Retire sa signature de")


def raise_objection(
    store: Store,
    actor: str,
    iid: InterpellationId,
    text_id: str,
    reason: str,
    section: str | None = None,
) -> ActResult:
    """Raise a blocking objection, with its reason, against the text the person saw."""

    def make(situation: Situation, read: Interpellation, event_id: str) -> Event:
        return ObjectionEvent(
            id=event_id,
            at=now(),
            by=situation.actor,
            text_id=read.text_id,
            reason=reason.strip(),
            section=section,
        )

    return _act(
        store,
        actor,
        iid,
        Action.OBJECT,
        Request(text_id=text_id),
        make,
        "Soulève une objection sur",
    )


def answer_objection(
    store: Store, actor: str, iid: InterpellationId, objection: str, body: str
) -> ActResult:
    def make(situation: Situation, read: Interpellation, event_id: str) -> Event:
        return ObjectionAnswerEvent(
            id=event_id, at=now(), by=situation.actor, objection=objection, body=body.strip()
        )

    return _act(
        store,
        actor,
        iid,
        Action.ANSWER,
        Request(objection=objection),
        make,
        "Répond à une objection sur",
    )


def withdraw_objection(
    store: Store, actor: str, iid: InterpellationId, objection: str
) -> ActResult:
    def make(situation: Situation, read: Interpellation, event_id: str) -> Event:
        return ObjectionWithdrawEvent(
            id=event_id, at=now(), by=situation.actor, objection=objection
        )

    return _act(
        store,
        actor,
        iid,
        Action.WITHDRAW_OBJECTION,
        Request(objection=objection),
        make,
        "Retire son objection sur",
    )


def record_decision(
    store: Store,
    actor: str,
    iid: InterpellationId,
    objection: str,
    outcome: Outcome,
    present: list[str],
    note: str = "",
) -> ActResult:
    """Record the committee's decision on an objection, with the members present."""

    def make(situation: Situation, read: Interpellation, event_id: str) -> Event:
        return DecisionEvent(
            id=event_id,
            at=now(),
            by=situation.actor,
            objection=objection,
            outcome=outcome,
            present=[p.strip().lower() for p in present],
            text_id=read.text_id,
            note=note.strip(),
        )

    request = Request(objection=objection, outcome=outcome, present=tuple(present))
    return _act(
        store,
        actor,
        iid,
        Action.DECIDE,
        request,
        make,
        "Consigne la décision du comité sur une objection à",
    )


def withdraw_interpellation(
    store: Store, actor: str, iid: InterpellationId, reason: str
) -> ActResult:
    def make(situation: Situation, read: Interpellation, event_id: str) -> Event:
        return WithdrawEvent(id=event_id, at=now(), by=situation.actor, reason=reason.strip())

    return _act(store, actor, iid, Action.WITHDRAW, Request(), make, "Retire l'interpellation")


@dataclass(frozen=True)
class SinceSigned:
    """What changed between the text a member signed last and the current one."""

    signature: SignEvent
    current_text_id: str
    changes: dict[Language, list[SectionDiff]]

    @property
    def unchanged(self) -> bool:
        return self.signature.text_id == self.current_text_id


def changes_since_signed(store: Store, actor: str, iid: InterpellationId) -> SinceSigned | None:
    """The word-level changes since `actor` last signed, to re-sign the current text in one step.

    `None` if they never signed this interpellation. Signing again is `sign` with
    `current_text_id`, the text the person is shown here.
    """
    read = load_interpellation(store.snapshot(), iid)
    signatures = [e for e in read.journal.events if isinstance(e, SignEvent) and e.by == actor]
    if not signatures:
        return None
    last = signatures[-1]
    signed = load_interpellation(store.snapshot(last.version), iid)
    languages = sorted(set(signed.texts) | set(read.texts), key=lambda lang: lang != Language.FR)
    changes = {lang: text_diff(signed.text(lang), read.text(lang)) for lang in languages}
    return SinceSigned(last, read.text_id, changes)

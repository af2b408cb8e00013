"""What a person may do on an interpellation: every act their role allows there, and why not now.

A page shows each as a button, or with the rule's reason; the API answers the
same. Who is offered what follows the roles of the record (a committee seat, a
working group, the chair, the author of an objection); whether it is allowed now
is `rules.workflow.may_start`'s answer on the dossier, so the page can never
promise what the act would then refuse.
"""

from __future__ import annotations

from dataclasses import dataclass

from interpellations.reading.dossier import Dossier
from interpellations.record.model import Member, Role
from interpellations.record.seats import holds_committee_role, is_chair_or_coordinator
from interpellations.record.trailers import Action
from interpellations.rules.decisions import Decision, Refusal
from interpellations.rules.states import State
from interpellations.rules.workflow import Request, may_start


@dataclass(frozen=True)
class Offer:
    """One act the person's role can do here: allowed now, or the refusal that says why."""

    action: Action
    refusal: Refusal | None
    about: str | None = None  # the objection it acts on

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def offers(dossier: Dossier, member: Member) -> tuple[Offer, ...]:
    """Every act `member` can ever do on this interpellation, in the order a page shows them."""
    situation = dossier.situation(member.email)

    def offer(action: Action, request: Request | None = None, about: str | None = None) -> Offer:
        decision: Decision = may_start(situation, action, request)
        return Offer(action, decision.refusal, about)

    found = [offer(Action.COMMENT)]
    editor = dossier.front.group in member.groups or Role.COORDINATOR in member.roles
    if editor:
        found.append(offer(Action.EDIT))
        found.append(offer(Action.SUBMIT))
    if holds_committee_role(member):
        found.append(offer(Action.SIGN, Request(text_id=dossier.text_id, side=member.side)))
        found.append(offer(Action.UNSIGN))
        found.append(offer(Action.OBJECT, Request(text_id=dossier.text_id)))
    for objection in dossier.blocking:
        about = Request(objection=objection.id)
        found.append(offer(Action.ANSWER, about, objection.id))
        if objection.event.by == member.email:
            found.append(offer(Action.WITHDRAW_OBJECTION, about, objection.id))
        if is_chair_or_coordinator(member):
            found.append(offer(Action.DECIDE, about, objection.id))
    if editor:
        found.append(offer(Action.WITHDRAW))
    if Role.COORDINATOR in member.roles and dossier.state == State.APPROVED:
        found.append(offer(Action.ISSUE, Request(text_id=dossier.text_id)))
    if editor and dossier.state == State.ISSUED:
        found.append(offer(Action.FOLLOW_UP))
    return tuple(found)


def thread_offers(dossier: Dossier, member: Member) -> dict[str, tuple[Offer, ...]]:
    """For each comment thread (by its first comment): replying to it, marking it resolved."""
    situation = dossier.situation(member.email)
    found = {}
    for thread in dossier.threads:
        about = Request(comment=thread.comment.id)
        found[thread.comment.id] = tuple(
            Offer(action, may_start(situation, action, about).refusal, thread.comment.id)
            for action in (Action.REPLY, Action.RESOLVE)
        )
    return found

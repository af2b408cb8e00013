"""What the logged-in person may do on an interpellation's page, worded for them.

Every act their role can ever do there (`reading.offers`), each allowed now or
with the rule's reason in the reader's language; and what the forms need to
choose from: the sections one may object to, the people seated on the
committee that day for a decision. No rule is written here or in the template:
whether a button is offered is the rules' answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from interpellations.reading.dossier import Dossier, read_dossier
from interpellations.reading.offers import Offer, offers, thread_offers
from interpellations.record.document import HEADINGS, SECTION_KEYS
from interpellations.record.ids import InterpellationId
from interpellations.record.model import Language, Member, Outcome, Side
from interpellations.record.seats import Seat, seat_of
from interpellations.record.store import Store
from interpellations.wording.sentences import describe_refusal


@dataclass(frozen=True)
class OfferView:
    """One act: allowed now (a form), or the sentence that says why not."""

    action: str
    allowed: bool
    reason: str = ""


@dataclass(frozen=True)
class SeatChoice:
    """A person seated on the committee that day, to tick among those present."""

    email: str
    name: str
    side: str
    substitute: bool


@dataclass(frozen=True)
class ActsPanel:
    text_id: str
    version: str
    side: str  # the person's side, as the record says: what a signature is given for
    general: dict[str, OfferView]  # by action: comment, submit, sign, unsign, object, withdraw
    on_objection: dict[str, dict[str, OfferView]]  # objection id -> action -> offer
    on_thread: dict[str, dict[str, OfferView]]  # first comment's id -> reply / resolve
    sections: list[tuple[str, str]]  # (key, heading in the reader's language)
    seats: list[SeatChoice] = field(default_factory=list)
    outcomes: tuple[str, ...] = tuple(o.value for o in Outcome)

    @property
    def empty(self) -> bool:
        return not self.general

    def allows(self, action: str, about: str = "") -> bool:
        """Is the form of `action` (on objection or comment `about`) on the page now?"""
        if not about:
            offer = self.general.get(action)
        elif action in ("reply", "resolve"):
            offer = self.on_thread.get(about, {}).get(action)
        else:
            offer = self.on_objection.get(about, {}).get(action)
        return offer is not None and offer.allowed


def acts_panel(dossier: Dossier, member: Member, language: Language) -> ActsPanel:
    """The acts `member` sees on `dossier`, as of the dossier's day."""
    found = offers(dossier, member)
    on_objection: dict[str, dict[str, OfferView]] = {}
    for offer in found:
        if offer.about is not None:
            on_objection.setdefault(offer.about, {})[offer.action.value] = _view(offer, language)
    return ActsPanel(
        text_id=dossier.text_id,
        version=dossier.version,
        side=member.side.value,
        general={o.action.value: _view(o, language) for o in found if o.about is None},
        on_objection=on_objection,
        on_thread={
            comment: {o.action.value: _view(o, language) for o in thread}
            for comment, thread in thread_offers(dossier, member).items()
        },
        sections=[(key, HEADINGS[language][key]) for key in SECTION_KEYS],
        seats=_seats(dossier.record.members, dossier) if on_objection else [],
    )


def current_acts(
    store: Store, iid: InterpellationId, member: Member, language: Language
) -> ActsPanel:
    """The acts `member` may do on the interpellation as it stands today."""
    return acts_panel(read_dossier(store, iid), member, language)


def _view(offer: Offer, language: Language) -> OfferView:
    if offer.refusal is None:
        return OfferView(offer.action.value, True)
    refusal = offer.refusal
    return OfferView(
        offer.action.value, False, describe_refusal(refusal.code, refusal.params, language)
    )


def _seats(members: Iterable[Member], dossier: Dossier) -> list[SeatChoice]:
    """Who holds a seat or a substitute's place on the dossier's day, CPAS first."""
    seated = []
    for member in members:
        seat = seat_of(member, dossier.today)
        if seat is not None:
            seated.append(
                SeatChoice(member.email, member.name, member.side.value, seat == Seat.SUBSTITUTE)
            )
    order = list(Side)
    return sorted(seated, key=lambda s: (order.index(Side(s.side)), s.substitute, s.name))

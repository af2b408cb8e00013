"""What a person is offered on an interpellation, and that the act then does what was offered.

The table is written by hand from `tests/registre.py` and `tests/coordination.py`:
per person and text, each act their role can ever do there, allowed now or the
code of the rule that says why not. Then every offer is tried through the act
pipeline on its own copy of the registre: an allowed one records its commit, a
refused one is refused with the same code and leaves the head where it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from coordination import (
    ASSOCIATIVE,
    COORDINATOR,
    CPAS,
    DRAFTER,
    ENDED,
    OUTSIDER,
    PRESIDENT,
)
from registre import DEPOSIT, EVICTIONS, HEALTH, HOUSING

from interpellations.acts.committee import (
    Answer,
    Decide,
    Object,
    Sign,
    Submit,
    Unsign,
    Withdraw,
    WithdrawObjection,
)
from interpellations.acts.discussion import Comment
from interpellations.acts.drafting import Edit
from interpellations.acts.following import FollowUp, proposed_front
from interpellations.acts.issuing import Issue, Rendered
from interpellations.acts.pipeline import Act, perform
from interpellations.clock import now
from interpellations.errors import NotAllowed
from interpellations.reading.dossier import read_dossier
from interpellations.reading.offers import Offer, offers
from interpellations.record.ids import InterpellationId
from interpellations.record.model import Language, Outcome
from interpellations.record.store import Store
from interpellations.record.trailers import Action

OK = None
OBJECTION = "*"  # the one objection of the deposit text, whatever its id
CHLOE = CPAS[2]  # CPAS seat, housing group, raised the deposit's objection
KARIM = ASSOCIATIVE[2]  # associative seat, health group

# (text, person): [(act, refusal code or OK, about an objection?)]
TABLE: dict[tuple[InterpellationId, str], list[tuple[Action, str | None, str | None]]] = {
    (DEPOSIT, CHLOE): [
        (Action.COMMENT, OK, None),
        (Action.EDIT, OK, None),
        (Action.SUBMIT, "already_submitted", None),
        (Action.SIGN, OK, None),
        (Action.UNSIGN, "no_signature", None),
        (Action.OBJECT, OK, None),
        (Action.ANSWER, OK, OBJECTION),
        (Action.WITHDRAW_OBJECTION, OK, OBJECTION),
        (Action.WITHDRAW, OK, None),
    ],
    (DEPOSIT, PRESIDENT): [
        (Action.COMMENT, OK, None),
        (Action.SIGN, "already_signed", None),
        (Action.UNSIGN, OK, None),
        (Action.OBJECT, OK, None),
        (Action.ANSWER, OK, OBJECTION),
        (Action.DECIDE, OK, OBJECTION),
    ],
    (DEPOSIT, COORDINATOR): [
        (Action.COMMENT, OK, None),
        (Action.EDIT, OK, None),
        (Action.SUBMIT, "already_submitted", None),
        (Action.ANSWER, OK, OBJECTION),
        (Action.DECIDE, OK, OBJECTION),
        (Action.WITHDRAW, OK, None),
    ],
    (DEPOSIT, ENDED): [
        (Action.COMMENT, OK, None),
        (Action.SIGN, "mandate_not_running", None),
        (Action.UNSIGN, "no_signature", None),
        (Action.OBJECT, "mandate_not_running", None),
        (Action.ANSWER, OK, OBJECTION),
    ],
    (DEPOSIT, OUTSIDER): [(Action.COMMENT, OK, None), (Action.ANSWER, OK, OBJECTION)],
    (HOUSING, COORDINATOR): [  # approved: the coordinator may issue its letters
        (Action.COMMENT, OK, None),
        (Action.EDIT, OK, None),
        (Action.SUBMIT, "already_submitted", None),
        (Action.WITHDRAW, OK, None),
        (Action.ISSUE, OK, None),
    ],
    (HOUSING, PRESIDENT): [
        (Action.COMMENT, OK, None),
        (Action.SIGN, "already_approved", None),
        (Action.UNSIGN, "already_approved", None),
        (Action.OBJECT, "already_approved", None),
    ],
    (HEALTH, KARIM): [
        (Action.COMMENT, OK, None),
        (Action.EDIT, OK, None),
        (Action.SUBMIT, OK, None),
        (Action.SIGN, "not_submitted", None),
        (Action.UNSIGN, "not_submitted", None),
        (Action.OBJECT, OK, None),
        (Action.WITHDRAW, OK, None),
    ],
    (EVICTIONS, DRAFTER): [
        (Action.COMMENT, OK, None),
        (Action.EDIT, "withdrawn", None),
        (Action.SUBMIT, "withdrawn", None),
        (Action.WITHDRAW, "withdrawn", None),
    ],
}


def _rows(found: tuple[Offer, ...]) -> list[tuple[Action, str | None, str | None]]:
    return [
        (o.action, o.refusal.code if o.refusal else OK, OBJECTION if o.about else None)
        for o in found
    ]


@pytest.mark.parametrize("case", list(TABLE), ids=lambda c: f"{c[0]}-{c[1].split('@')[0]}")
def test_each_role_is_offered_its_acts_with_the_reason_why_not(
    case: tuple[InterpellationId, str], registre: Store
) -> None:
    iid, person = case
    dossier = read_dossier(registre, iid)
    member = dossier.record.member(person)
    assert member is not None

    assert _rows(offers(dossier, member)) == TABLE[case]


def _act(offer: Offer, iid: InterpellationId, store: Store) -> Act:
    """The act a person would send from the offer's form, filled in."""
    dossier = read_dossier(store, iid)
    objection = offer.about or ""
    sitting = [*CPAS[:3], *ASSOCIATIVE[:3]]
    french = dossier.read.files["texte.fr.md"].decode()
    edited = {Language.FR: french + "\nUne phrase de plus.\n"}
    made: dict[Action, Act] = {
        Action.EDIT: Edit(iid, edited, dossier.version, {Language.FR: french}),
        Action.COMMENT: Comment(iid, "Une remarque."),
        Action.SUBMIT: Submit(iid),
        Action.SIGN: Sign(iid, dossier.text_id),
        Action.UNSIGN: Unsign(iid),
        Action.OBJECT: Object(iid, dossier.text_id, "Une réserve."),
        Action.ANSWER: Answer(iid, objection, "Une réponse."),
        Action.WITHDRAW_OBJECTION: WithdrawObjection(iid, objection),
        Action.DECIDE: Decide(iid, objection, Outcome.OVERRULED, tuple(sitting), "Entendu."),
        Action.WITHDRAW: Withdraw(iid, "Plus utile."),
        # what the issue's form starts: the rendering is `issuing.issue_letters`'s part
        Action.ISSUE: Issue(
            iid,
            dossier.text_id,
            now().date(),
            1,
            f"CSV/{now().year}/001",
            (Rendered("college-valbrune", Language.FR, b"%PDF-1.7 lettre"),),
            "https://x.example",
        ),
        Action.FOLLOW_UP: FollowUp(iid, proposed_front(dossier.front)),
    }
    return made[offer.action]


@pytest.mark.parametrize("case", list(TABLE), ids=lambda c: f"{c[0]}-{c[1].split('@')[0]}")
def test_what_is_offered_is_what_the_act_does(
    case: tuple[InterpellationId, str], registre: Store, tmp_path: Path
) -> None:
    iid, person = case
    dossier = read_dossier(registre, iid)
    member = dossier.record.member(person)
    assert member is not None
    for number, offer in enumerate(offers(dossier, member)):
        copy = tmp_path / f"copy-{number}"
        shutil.copytree(registre.path, copy)
        store = Store.open(copy)
        head = store.head()
        act = _act(offer, iid, store)
        if offer.allowed:
            assert perform(store, person, act).write.changed, offer.action
        else:
            with pytest.raises(NotAllowed) as refused:
                perform(store, person, act)
            assert refused.value.params["reason"] == offer.refusal.code  # type: ignore[union-attr]
            assert store.head() == head
        store.close()

"""Labels in the reader's language: states, actions of the history, sides."""

from __future__ import annotations

from interpellations.record.model import Language
from interpellations.record.trailers import MANUAL, Action
from interpellations.wording.translation import N_, translate

SIDES = {"cpas": N_("CPAS"), "associatif": N_("associatif")}

STATES = {
    "draft": N_("Brouillon"),
    "submitted": N_("Soumise au comité"),
    "approved": N_("Approuvée"),
    "issued": N_("Lettre émise"),
    "sent": N_("Envoyée"),
    "closed": N_("Clôturée"),
    "withdrawn": N_("Retirée"),
}

# Every action of the record has its label (a test holds it to `Action`)
ACTIONS: dict[str, str] = {
    Action.FOUND: N_("fondation du registre"),
    Action.CREATE: N_("création"),
    Action.EDIT: N_("modification du texte"),
    Action.COMMENT: N_("commentaire"),
    Action.REPLY: N_("réponse"),
    Action.RESOLVE: N_("commentaire résolu"),
    Action.SUBMIT: N_("soumission au comité"),
    Action.SIGN: N_("signature"),
    Action.UNSIGN: N_("signature retirée"),
    Action.OBJECT: N_("objection"),
    Action.ANSWER: N_("réponse à une objection"),
    Action.WITHDRAW_OBJECTION: N_("objection retirée"),
    Action.DECIDE: N_("décision du comité"),
    Action.WITHDRAW: N_("interpellation retirée"),
    Action.ISSUE: N_("lettres émises"),
    Action.FOLLOW_UP: N_("suivi créé"),
    Action.ADMINISTER: N_("administration de la coordination"),
    MANUAL: N_("modification manuelle"),
}


def describe_state(state: str, language: Language = Language.FR) -> str:
    return translate(STATES[state], language) if state in STATES else state


def describe_action(action: str, language: Language = Language.FR) -> str:
    return translate(ACTIONS[action], language) if action in ACTIONS else action

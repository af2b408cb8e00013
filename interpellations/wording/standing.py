"""Where approval stands, in sentences: each side against its quorum, each blocking objection.

Worded from the read model (`reading.dossier`), for the page, the API's
`explanation` and the command line's `status` alike, people by name.
"""

from __future__ import annotations

from interpellations.reading.approval import SideStanding
from interpellations.reading.dossier import Dossier
from interpellations.record.model import Language
from interpellations.rules.states import State
from interpellations.wording.sentences import format_count, format_sentence
from interpellations.wording.translation import N_, NP_, translate

COUNTED = {
    "side": NP_(
        "Côté %(side)s : %(count)s signature valable sur %(quorum)s requises",
        "Côté %(side)s : %(count)s signatures valables sur %(quorum)s requises",
    ),
    "missing": NP_("il manque %(missing)s signature", "il manque %(missing)s signatures"),
}
STATUS_LINES = {
    "signed_by": N_("signé par %(names)s"),
    "substitute": N_("%(name)s (suppléance)"),
    "approved": N_(
        "Le texte a été approuvé par le comité de pilotage le %(date)s, avec le quorum de "
        "chaque côté."
    ),
}

BLOCKERS = {
    "objection_open": N_(
        "L'objection de %(name)s bloque l'approbation tant qu'elle n'est ni retirée par son "
        "auteur ni tranchée par le comité de pilotage : %(reason)s"
    ),
    "objection_maintained": N_(
        "Le comité de pilotage a maintenu l'objection de %(name)s : elle bloque l'approbation "
        "jusqu'à ce que le texte soit modifié : %(reason)s"
    ),
    "complete": N_(
        "Chaque côté a atteint son quorum et aucune objection n'est ouverte, mais l'approbation "
        "n'a pas encore été consignée."
    ),
}


def describe_side(side: SideStanding, dossier: Dossier, language: Language) -> str:
    """`Côté CPAS : 2 signatures valables sur 3 requises — signé par … — il manque 1 …`."""
    params = {
        "side": side.side.value,
        "count": side.count,
        "quorum": side.quorum,
        "missing": side.missing,
    }
    parts = [format_count(COUNTED["side"], side.count, params, language)]
    if side.signers:
        names = ", ".join(
            format_sentence(STATUS_LINES["substitute"], {"name": dossier.name(s.email)}, language)
            if s.substitute
            else dossier.name(s.email)
            for s in side.signers
        )
        parts.append(format_sentence(STATUS_LINES["signed_by"], {"names": names}, language))
    if side.missing:
        parts.append(format_count(COUNTED["missing"], side.missing, params, language))
    return " — ".join(parts)


def describe_standing(dossier: Dossier, language: Language = Language.FR) -> list[str]:
    """Where approval stands, a sentence a line: each side, each blocking objection, approval."""
    lines = [describe_side(side, dossier, language) for side in dossier.sides]
    for objection in dossier.blocking:
        template = BLOCKERS[f"objection_{objection.status}"]
        params = {"name": dossier.name(objection.event.by), "reason": objection.event.reason}
        lines.append(format_sentence(template, params, language))
    if dossier.approval is not None:
        date = dossier.approval.at.date().isoformat()
        lines.append(format_sentence(STATUS_LINES["approved"], {"date": date}, language))
    elif dossier.state == State.SUBMITTED and dossier.complete:
        lines.append(translate(BLOCKERS["complete"], language))
    return lines

"""Where approval stands, in sentences: each side against its quorum, each blocking objection."""

from __future__ import annotations

from collections.abc import Mapping

from interpellations.record.model import Language, Outcome
from interpellations.rules.parity import ApprovalStatus
from interpellations.wording.sentences import format_sentence
from interpellations.wording.translation import N_, translate

STATUS_LINES = {
    "side": N_("Côté %(side)s : %(count)s signature(s) valable(s) sur %(quorum)s requises"),
    "missing": N_("il manque %(missing)s signature(s)"),
    "objection": N_("L'objection %(id)s de %(by)s bloque l'approbation : %(reason)s"),
    "approved": N_("Le texte est approuvé par le comité de pilotage."),
}


def describe_status(status: ApprovalStatus, language: Language = Language.FR) -> list[str]:
    """Where approval stands, one sentence a line: each side, then each open objection."""
    lines = []
    for side in status.sides.values():
        params = {
            "side": side.side.value,
            "count": side.count,
            "quorum": side.quorum,
            "missing": side.missing,
        }
        line = format_sentence(STATUS_LINES["side"], params, language)
        if side.missing:
            line += " — " + format_sentence(STATUS_LINES["missing"], params, language)
        lines.append(line)
    for objection in status.open_objections:
        event = objection.event
        lines.append(
            format_sentence(
                STATUS_LINES["objection"],
                {"id": event.id, "by": event.by, "reason": event.reason},
                language,
            )
        )
    if status.approved:
        lines.append(translate(STATUS_LINES["approved"], language))
    return lines


BLOCKERS = {
    "objection_open": N_(
        "L'objection de %(name)s bloque l'approbation tant qu'elle n'est ni retirée par son "
        "auteur ni tranchée par le comité de pilotage."
    ),
    "objection_maintained": N_(
        "Le comité de pilotage a maintenu l'objection de %(name)s : elle bloque l'approbation "
        "jusqu'à ce que le texte soit modifié."
    ),
    "complete": N_(
        "Chaque côté a atteint son quorum et aucune objection n'est ouverte, mais l'approbation "
        "n'a pas encore été consignée."
    ),
}


def describe_blockers(
    status: ApprovalStatus, names: Mapping[str, str], language: Language = Language.FR
) -> list[str]:
    """Why a submitted text is not approved yet, one sentence a line, people by name.

    Each side's valid signatures against its quorum (and how many it lacks), then
    each open objection, saying whether the committee has maintained it.
    """
    lines = describe_status(status, language)[: len(status.sides)]  # the sides' lines
    for objection in status.open_objections:
        decisions = objection.decisions
        maintained = bool(decisions) and decisions[-1].outcome == Outcome.MAINTAINED
        template = BLOCKERS["objection_maintained" if maintained else "objection_open"]
        name = names.get(objection.event.by, objection.event.by)
        lines.append(format_sentence(template, {"name": name}, language))
    if status.complete and not status.approved:
        lines.append(translate(BLOCKERS["complete"], language))
    return lines

"""The front matter of a text as a reader sees it in a difference: labels and names, not keys."""

from __future__ import annotations

from interpellations.index.index import Index
from interpellations.record.document import Text
from interpellations.record.model import Language
from interpellations.text.diffing import FrontLines
from interpellations.wording.translation import N_, translate

LABELS = {
    "title": N_("Titre"),
    "theme": N_("Thème"),
    "group": N_("Groupe de travail"),
    "addressees": N_("Destinataires"),
    "copies": N_("Copies"),
}


def labelled_front(index: Index, language: Language) -> FrontLines:
    """Lines `Thème : Logement`, names of groups and authorities in the reader's language."""
    themes = index.labels("themes", language)
    groups = index.labels("groups", language)
    authorities = index.labels("authorities", language)

    def lines(text: Text) -> str:
        front = text.front
        values = {
            "title": front.title,
            "theme": themes.get(front.theme, front.theme),
            "group": groups.get(front.group, front.group),
            "addressees": "; ".join(authorities.get(a, a) for a in front.addressees),
            "copies": "; ".join(authorities.get(a, a) for a in front.copies),
        }
        return "\n".join(f"{translate(LABELS[key], language)} : {values[key]}" for key in LABELS)

    return lines

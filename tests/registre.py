"""A small registre of the tests' own coordination, its history written through the acts.

Five interpellations, each in a state the pages, the API and the index must show,
every act at its own date (so `git log` reads like a year of work):

- `2025/logements-vides` — French and Dutch, comments (a passage, a reply, one
  resolved), approved in 2025 by three members of each side;
- `2026/acces-aux-soins` — a draft of the health group, with a comment;
- `2026/garantie-locative` — submitted: two CPAS and three associative signatures,
  one of them a substitute's, and an objection open;
- `2026/expulsions` — withdrawn;
- `2026/loyers` — approved, then edited: back to submitted, its signatures to give again.

`ADMIN` names what the tests write down by hand about each.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coordination import (
    ASSOCIATIVE,
    ASSOCIATIVE_SUBSTITUTE,
    COORDINATOR,
    CPAS,
    DRAFTER,
    OUTSIDER,
    PRESIDENT,
    record_files,
)

from interpellations.acts.committee import (
    raise_objection,
    sign,
    submit,
    withdraw_interpellation,
)
from interpellations.acts.discussion import add_comment, resolve_comment
from interpellations.acts.drafting import create_interpellation, edit_texts
from interpellations.acts.founding import found_repository
from interpellations.clock import BRUSSELS, fixed_time
from interpellations.record.document import render_text
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.model import FrontMatter, Language
from interpellations.record.store import Store

HOUSING = InterpellationId(2025, "logements-vides")
HEALTH = InterpellationId(2026, "acces-aux-soins")
DEPOSIT = InterpellationId(2026, "garantie-locative")
EVICTIONS = InterpellationId(2026, "expulsions")
RENTS = InterpellationId(2026, "loyers")
EVERY = (HOUSING, HEALTH, DEPOSIT, EVICTIONS, RENTS)

HOUSING_SECTIONS = {
    "constats": "Soixante immeubles sont vides depuis plus d'un an à Valbrune.\n\n"
    "Les loyers augmentent chaque année.",
    "avis": "La coordination estime que la taxe sur les immeubles inoccupés doit être perçue.",
    "propositions": "1. Percevoir la taxe.\n2. Publier l'inventaire des immeubles vides.",
}
DUTCH_HOUSING = {
    "constats": "Zestig gebouwen staan al meer dan een jaar leeg in Valbrune.\n\n"
    "De huurprijzen stijgen elk jaar.",
    "avis": "De coördinatie vindt dat de belasting op leegstaande gebouwen moet worden geïnd.",
    "propositions": "1. De belasting innen.\n2. De inventaris van leegstaande gebouwen publiceren.",
}


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), BRUSSELS)


def _front(title: str, group: str = "gt-logement", language: Language = Language.FR) -> FrontMatter:
    theme = "sante" if group == "gt-sante" else "logement"
    return FrontMatter(
        title=title,
        theme=theme,
        group=group,
        addressees=["college-valbrune"],
        copies=["conseil-cpas"],
        language=language,
    )


def _sections(subject: str) -> dict[str, str]:
    return {
        "constats": f"Les travailleurs sociaux constatent {subject}.",
        "avis": f"La coordination estime que {subject} appelle une réponse.",
        "propositions": "1. Réunir les services concernés.\n2. Publier un état des lieux.",
    }


def text_id(store: Store, iid: InterpellationId) -> str:
    return load_interpellation(store.snapshot(), iid).text_id


def _sign_all(store: Store, iid: InterpellationId, people: list[str], day: str) -> None:
    for hour, person in enumerate(people, start=9):
        with fixed_time(at(day, hour)):
            sign(store, person, iid, text_id(store, iid))


def build_registre(path: Path) -> Store:
    """Found the registre at `path` and write the five interpellations' history."""
    store = found_repository(path, *record_files())
    _housing(store)
    _health(store)
    _deposit(store)
    _evictions(store)
    _rents(store)
    return store


def _housing(store: Store) -> None:
    with fixed_time(at("2025-03-03")):
        create_interpellation(
            store, DRAFTER, _front("Logements vides"), HOUSING_SECTIONS, slug="logements-vides"
        )
    with fixed_time(at("2025-03-10")):
        passage, _ = add_comment(
            store, ASSOCIATIVE[3], HOUSING, "D'où vient ce chiffre ?", quote="Soixante immeubles"
        )
    with fixed_time(at("2025-03-11")):
        add_comment(store, DRAFTER, HOUSING, "Du relevé communal.", reply_to=passage)
        add_comment(store, CPAS[2], HOUSING, "Texte clair, merci.")
    with fixed_time(at("2025-03-12")):
        resolve_comment(store, DRAFTER, HOUSING, passage)
        dutch = render_text(_front("Leegstaande woningen", language=Language.NL), DUTCH_HOUSING)
        edit_texts(
            store, DRAFTER, HOUSING, {Language.NL: dutch}, store.head(), "Ajoute le néerlandais"
        )
    with fixed_time(at("2025-03-17")):
        submit(store, DRAFTER, HOUSING)
    _sign_all(store, HOUSING, CPAS[:3] + ASSOCIATIVE[:3], "2025-03-20")


def _health(store: Store) -> None:
    with fixed_time(at("2026-02-02")):
        create_interpellation(
            store,
            OUTSIDER,
            _front("Accès aux soins", group="gt-sante"),
            _sections("les délais d'accès aux soins"),
            slug="acces-aux-soins",
        )
    with fixed_time(at("2026-02-05")):
        add_comment(store, ASSOCIATIVE[2], HEALTH, "Ajoutons les maisons médicales.")


def _deposit(store: Store) -> None:
    with fixed_time(at("2026-09-01")):
        create_interpellation(
            store,
            DRAFTER,
            _front("Garantie locative"),
            _sections("le coût de la garantie locative"),
            slug="garantie-locative",
        )
    with fixed_time(at("2026-09-08")):
        submit(store, DRAFTER, DEPOSIT)
    _sign_all(store, DEPOSIT, [PRESIDENT, CPAS[1], ASSOCIATIVE[0], ASSOCIATIVE[1]], "2026-09-10")
    _sign_all(store, DEPOSIT, [ASSOCIATIVE_SUBSTITUTE], "2026-09-11")
    with fixed_time(at("2026-09-14")):
        raise_objection(
            store,
            CPAS[2],
            DEPOSIT,
            text_id(store, DEPOSIT),
            "Le montant cité est daté.",
            "constats",
        )


def _evictions(store: Store) -> None:
    with fixed_time(at("2026-05-04")):
        create_interpellation(
            store, DRAFTER, _front("Expulsions"), _sections("les expulsions"), slug="expulsions"
        )
    with fixed_time(at("2026-05-20")):
        withdraw_interpellation(store, COORDINATOR, EVICTIONS, "Reprise dans « Loyers ».")


def _rents(store: Store) -> None:
    with fixed_time(at("2026-06-01")):
        create_interpellation(
            store, DRAFTER, _front("Loyers"), _sections("la hausse des loyers"), slug="loyers"
        )
    with fixed_time(at("2026-06-08")):
        submit(store, DRAFTER, RENTS)
    _sign_all(store, RENTS, CPAS[:3] + ASSOCIATIVE[:3], "2026-06-10")
    raw = load_interpellation(store.snapshot(), RENTS).files["texte.fr.md"].decode()
    with fixed_time(at("2026-10-05")):
        edited = raw.replace("la hausse des loyers", "la hausse des loyers depuis 2024")
        edit_texts(store, COORDINATOR, RENTS, {Language.FR: edited}, store.head(), "Précise")


SHELTER = InterpellationId(2026, "hebergement-d-urgence")  # `approved_for_two(store)`
SHELTER_FR = {
    "constats": "Combien de familles dorment dehors ? Plus de quarante ; le nombre double "
    "chaque hiver !",
    "avis": "La coordination estime que l'accueil d'urgence doit être ouvert toute l'année.",
    "propositions": "1. Ouvrir cent places d'accueil.\n2. Publier les places libres chaque soir.",
}
SHELTER_NL = {
    "constats": "Hoeveel gezinnen slapen buiten? Meer dan veertig; het aantal verdubbelt "
    "elke winter!",
    "avis": "De coördinatie vindt dat de noodopvang het hele jaar open moet zijn.",
    "propositions": "1. Honderd opvangplaatsen openen.\n2. Elke avond de vrije plaatsen "
    "publiceren.",
}


def approved_for_two(store: Store) -> InterpellationId:
    """An approved text in French and Dutch to the college (French-speaking) and the
    minister (Dutch-speaking), with the CPAS council in copy: the letters' full case."""

    def front(title: str, language: Language) -> FrontMatter:
        both = ["college-valbrune", "ministre-logement"]
        return _front(title, language=language).model_copy(update={"addressees": both})

    create_interpellation(
        store, DRAFTER, front("Hébergement d'urgence", Language.FR), SHELTER_FR, slug=SHELTER.slug
    )
    dutch = render_text(front("Noodopvang", Language.NL), SHELTER_NL)
    edit_texts(store, DRAFTER, SHELTER, {Language.NL: dutch}, store.head(), "Ajoute le néerlandais")
    submit(store, DRAFTER, SHELTER)
    for person in CPAS[:3] + ASSOCIATIVE[:3]:
        sign(store, person, SHELTER, text_id(store, SHELTER))
    return SHELTER

"""Texts: front matter, the three sections, numbered proposals, and the text id."""

from __future__ import annotations

import pytest

from interpellations.errors import InvalidDocument
from interpellations.record.document import (
    parse_text,
    render_text,
    text_file,
    text_id,
    text_language,
)
from interpellations.record.model import FrontMatter, Language
from interpellations.record.problems import Problem

FRENCH = """---
title: Logements vides à Valbrune
theme: logement
group: gt-logement
addressees: [college-valbrune]
copies: [conseil-cpas]
language: fr
---

## Constats

Soixante immeubles sont vides.

Les loyers augmentent chaque année.

## Avis

La coordination estime que la taxe doit être perçue.

## Propositions

1. Percevoir la taxe sur les immeubles inoccupés
   et en publier le produit chaque année.
2. Publier l'inventaire.
"""

DUTCH = """---
title: Leegstaande woningen in Valbrune
theme: logement
group: gt-logement
addressees: [college-valbrune]
language: nl
---

## Vaststellingen

Zestig gebouwen staan leeg.

## Advies

De coördinatie vindt dat de belasting geïnd moet worden.

## Voorstellen

1. De belasting innen.
2. De inventaris bekendmaken.
"""


def _problems(raw: str) -> list[Problem]:
    with pytest.raises(InvalidDocument) as caught:
        parse_text(raw, Language.FR, "interpellations/2026/x/texte.fr.md")
    problems: list[Problem] = list(caught.value.params["problems"])
    assert problems
    assert all(p.file == "interpellations/2026/x/texte.fr.md" for p in problems)
    return problems


def test_french_text_has_front_matter_sections_and_proposals() -> None:
    text = parse_text(FRENCH, Language.FR)

    assert text.front.title == "Logements vides à Valbrune"
    assert text.front.addressees == ["college-valbrune"]
    assert text.front.copies == ["conseil-cpas"]
    assert list(text.sections) == ["constats", "avis", "propositions"]
    assert text.sections["constats"].heading == "Constats"
    assert text.sections["constats"].line == 10
    assert text.section_body("constats") == (
        "Soixante immeubles sont vides.\n\nLes loyers augmentent chaque année."
    )
    assert text.proposals == [
        "Percevoir la taxe sur les immeubles inoccupés et en publier le produit chaque année.",
        "Publier l'inventaire.",
    ]
    assert text.problems == ()


def test_dutch_text_uses_dutch_headings() -> None:
    text = parse_text(DUTCH, Language.NL)

    assert text.sections["constats"].heading == "Vaststellingen"
    assert text.section_body("avis").startswith("De coördinatie vindt")
    assert text.proposals == ["De belasting innen.", "De inventaris bekendmaken."]
    assert text.problems == ()


def test_french_headings_in_a_dutch_file_are_not_taken_for_its_sections() -> None:
    text = parse_text(FRENCH.replace("language: fr", "language: nl"), Language.NL)

    codes = [(p.code, p.params.get("heading")) for p in text.problems]
    assert ("unknown_section", "Constats") in codes
    assert ("missing_section", "Vaststellingen") in codes


def test_proposals_join_lazy_and_indented_continuation_lines_but_not_a_closing_paragraph() -> None:
    raw = FRENCH.replace(
        "2. Publier l'inventaire.\n",
        "2) Publier l'inventaire\nchaque printemps.\n\n   Avec les adresses.\n\n"
        "Nous restons à votre disposition.\npour en parler.\n",
    )

    assert parse_text(raw, Language.FR).proposals[1] == (
        "Publier l'inventaire chaque printemps. Avec les adresses."
    )


def test_propositions_without_a_numbered_list_are_reported() -> None:
    raw = FRENCH.replace("1. Percevoir", "- Percevoir").replace("2. Publier", "- Publier")

    text = parse_text(raw, Language.FR)

    assert text.proposals == []
    assert [(p.code, p.line) for p in text.problems] == [("proposals_not_numbered", 20)]


def test_a_missing_section_is_reported_and_not_invented() -> None:
    raw = FRENCH.replace("## Avis\n\nLa coordination estime que la taxe doit être perçue.\n\n", "")

    text = parse_text(raw, Language.FR, "interpellations/2026/x/texte.fr.md")

    assert "avis" not in text.sections
    assert text.section_body("avis") == ""
    assert [(p.code, p.params["heading"], p.file) for p in text.problems] == [
        ("missing_section", "Avis", "interpellations/2026/x/texte.fr.md")
    ]
    assert not text.problems[0].blocking


def test_a_section_given_twice_is_reported_at_its_second_heading() -> None:
    text = parse_text(FRENCH + "\n## Avis\n\nEncore.\n", Language.FR)

    assert [(p.code, p.line) for p in text.problems] == [("duplicate_section", 26)]
    assert text.section_body("avis") == "La coordination estime que la taxe doit être perçue."


def test_a_text_that_does_not_start_with_its_front_matter_is_refused() -> None:
    problems = _problems("# Logements vides\n\n" + FRENCH)

    assert [(p.code, p.line) for p in problems] == [("front_matter_missing", 1)]


def test_an_unclosed_front_matter_is_refused() -> None:
    problems = _problems(FRENCH.replace("language: fr\n---\n", "language: fr\n"))

    assert [(p.code, p.line) for p in problems] == [("front_matter_unclosed", 1)]


def test_bad_yaml_in_the_front_matter_is_refused_at_its_line() -> None:
    problems = _problems(FRENCH.replace("addressees: [college-valbrune]", "addressees: [a, b"))

    assert [(p.code, p.line) for p in problems] == [("yaml_syntax", 6)]


def test_an_unknown_key_in_the_front_matter_is_refused_at_its_line() -> None:
    problems = _problems(FRENCH.replace("theme: logement", "theme: logement\nthème: santé"))

    assert [(p.code, p.params["field"], p.line) for p in problems] == [
        ("field_unknown", "thème", 4)
    ]


def test_a_missing_title_is_refused_with_the_front_matters_line() -> None:
    problems = _problems(FRENCH.replace("title: Logements vides à Valbrune\n", ""))

    assert [(p.code, p.params["field"], p.line) for p in problems] == [
        ("field_missing", "title", 2)
    ]


def test_a_front_matter_that_is_not_a_mapping_is_refused() -> None:
    problems = _problems("---\n- logement\n---\n\n## Constats\n")

    assert [(p.code, p.line) for p in problems] == [("front_matter_not_mapping", 2)]


def test_a_text_saved_with_windows_line_endings_reads_the_same() -> None:
    crlf = FRENCH.replace("\n", "\r\n")

    text = parse_text(crlf, Language.FR)

    assert text.front == parse_text(FRENCH, Language.FR).front
    assert text.section_body("avis") == "La coordination estime que la taxe doit être perçue."
    assert text.raw == crlf  # the exact bytes stay what the text id is made of


def test_render_text_round_trips_through_parse_text() -> None:
    front = FrontMatter(
        title="Accès aux soins : le médecin généraliste",
        theme="sante",
        group="gt-sante",
        addressees=["ministre-logement", "conseil-cpas"],
        copies=["college-valbrune"],
    )
    sections = {
        "constats": "Les listes d'attente s'allongent.\n\nDes patients renoncent.",
        "avis": "La coordination s'inquiète.",
        "propositions": "1. Généraliser le tiers payant.\n2. Soutenir les maisons médicales.",
    }

    text = parse_text(render_text(front, sections), Language.FR)

    assert text.front == front
    assert {key: section.body for key, section in text.sections.items()} == sections
    assert text.proposals == ["Généraliser le tiers payant.", "Soutenir les maisons médicales."]
    assert text.problems == ()


def test_render_text_writes_empty_sections_rather_than_dropping_them() -> None:
    front = FrontMatter(title="T", theme="logement", group="gt-logement", addressees=["x"])

    text = parse_text(render_text(front, {}), Language.FR)

    assert list(text.sections) == ["constats", "avis", "propositions"]
    assert [p.code for p in text.problems] == ["proposals_not_numbered"]


def test_text_file_names_and_languages() -> None:
    assert text_file(Language.NL) == "texte.nl.md"
    assert text_language("texte.fr.md") == Language.FR
    assert text_language("texte.de.md") is None
    assert text_language("journal.yaml") is None


FILES = {"texte.fr.md": FRENCH.encode(), "journal.yaml": b"events: []\n"}


def test_the_same_files_give_the_same_text_id() -> None:
    assert text_id(FILES) == text_id(dict(FILES))
    assert text_id(FILES) == text_id(dict(reversed(list(FILES.items()))))
    assert len(text_id(FILES)) == 64


def test_one_byte_changed_in_either_language_gives_another_text_id() -> None:
    both = {**FILES, "texte.nl.md": DUTCH.encode()}
    french_changed = {**both, "texte.fr.md": FRENCH.replace("vides.", "vides!").encode()}
    dutch_changed = {**both, "texte.nl.md": DUTCH.replace("leeg.", "leeg!").encode()}
    front_changed = {**both, "texte.fr.md": FRENCH.replace("[conseil-cpas]", "[]").encode()}

    ids = {text_id(both), text_id(french_changed), text_id(dutch_changed)}
    ids.add(text_id(front_changed))

    assert len(ids) == 4


def test_adding_a_dutch_version_gives_another_text_id() -> None:
    assert text_id({**FILES, "texte.nl.md": DUTCH.encode()}) != text_id(FILES)


def test_files_that_are_not_texts_do_not_change_the_text_id() -> None:
    with_journal = {**FILES, "journal.yaml": b"events:\n- id: c-1\n"}
    with_letter = {**FILES, "lettre.pdf": b"%PDF-1.7", "texte.de.md": b"Deutsch"}

    assert text_id(with_journal) == text_id(FILES) == text_id(with_letter)

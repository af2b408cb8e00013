"""Word-level differences by section, and the three-way merge of a stale edit."""

from __future__ import annotations

from interpellations.record.document import parse_text
from interpellations.record.model import Language
from interpellations.text.diffing import Op, Piece, as_markup, text_diff, word_diff
from interpellations.text.merging import merge_texts

TEXT = """---
title: Logements vides à Valbrune
theme: logement
group: gt-logement
addressees: [college-valbrune]
language: fr
---

## Constats

Soixante immeubles sont vides.

Les loyers augmentent chaque année.

## Avis

La coordination estime que la taxe doit être perçue.

## Propositions

1. Percevoir la taxe.
2. Publier l'inventaire.
"""


def test_word_diff_speaks_in_whole_words() -> None:
    pieces = word_diff(
        "Les loyers augmentent chaque année.", "Les loyers explosent chaque année depuis 2020."
    )

    assert as_markup(pieces) == (
        "Les loyers [-augmentent-]{+explosent+} chaque [-année.-]{+année depuis 2020.+}"
    )
    assert "".join(p.text for p in pieces if p.op != Op.INSERT) == (
        "Les loyers augmentent chaque année."
    )
    assert "".join(p.text for p in pieces if p.op != Op.DELETE) == (
        "Les loyers explosent chaque année depuis 2020."
    )


def test_word_diff_of_equal_texts_is_one_equal_piece() -> None:
    assert word_diff("Rien ne change.", "Rien ne change.") == (Piece(Op.EQUAL, "Rien ne change."),)
    assert word_diff("", "") == ()


def test_as_markup_marks_deletions_and_insertions_like_git_word_diff() -> None:
    pieces = (Piece(Op.EQUAL, "la "), Piece(Op.DELETE, "taxe"), Piece(Op.INSERT, "redevance"))

    assert as_markup(pieces) == "la [-taxe-]{+redevance+}"


def test_text_diff_shows_each_change_under_its_section() -> None:
    old = parse_text(TEXT, Language.FR)
    new = parse_text(
        TEXT.replace("Soixante immeubles", "Soixante-trois immeubles").replace(
            "2. Publier l'inventaire.", "2. Publier l'inventaire chaque année."
        ),
        Language.FR,
    )

    diffs = {part.key: part for part in text_diff(old, new)}

    assert list(diffs) == ["front", "constats", "avis", "propositions"]
    assert [key for key, part in diffs.items() if part.changed] == ["constats", "propositions"]
    assert as_markup(diffs["constats"].pieces).startswith(
        "[-Soixante-]{+Soixante-trois+} immeubles sont vides."
    )
    assert as_markup(diffs["propositions"].pieces).endswith(
        "2. Publier [-l'inventaire.-]{+l'inventaire chaque année.+}"
    )


def test_text_diff_shows_changes_of_the_front_matter() -> None:
    old = parse_text(TEXT, Language.FR)
    new = parse_text(
        TEXT.replace("title: Logements vides", "title: Immeubles vides").replace(
            "addressees: [college-valbrune]", "addressees: [college-valbrune, conseil-cpas]"
        ),
        Language.FR,
    )

    diffs = text_diff(old, new)

    assert [part.key for part in diffs if part.changed] == ["front"]
    front = as_markup(diffs[0].pieces)
    assert "title: [-Logements-]{+Immeubles+} vides à Valbrune" in front
    assert "addressees: [-college-valbrune-]{+college-valbrune, conseil-cpas+}" in front


def test_text_diff_of_a_new_language_version_is_all_inserted() -> None:
    new = parse_text(TEXT, Language.FR)

    diffs = text_diff(None, new)

    assert all(part.changed for part in diffs)
    assert all(piece.op == Op.INSERT for part in diffs for piece in part.pieces)
    assert as_markup(diffs[2].pieces) == (
        "{+La coordination estime que la taxe doit être perçue.+}"
    )


def test_edits_of_different_paragraphs_merge() -> None:
    mine = TEXT.replace("Soixante immeubles", "Soixante-trois immeubles")
    theirs = TEXT.replace("doit être perçue.", "doit être réellement perçue.")

    outcome = merge_texts(TEXT, mine, theirs)

    assert outcome.clean
    assert outcome.text == TEXT.replace("Soixante immeubles", "Soixante-trois immeubles").replace(
        "doit être perçue.", "doit être réellement perçue."
    )


def test_edits_of_the_same_line_conflict_and_keep_both_texts() -> None:
    mine = TEXT.replace("Soixante immeubles", "Soixante-trois immeubles")
    theirs = TEXT.replace("Soixante immeubles", "Septante immeubles")

    outcome = merge_texts(TEXT, mine, theirs)

    assert not outcome.clean
    assert outcome.conflicts == 1
    assert (
        "<<<<<<< votre version\n"
        "Soixante-trois immeubles sont vides.\n"
        "=======\n"
        "Septante immeubles sont vides.\n"
        ">>>>>>> version enregistrée entre-temps\n"
    ) in outcome.text
    assert outcome.text.endswith("2. Publier l'inventaire.\n")


def test_identical_edits_and_one_sided_edits_merge_without_conflict() -> None:
    both = TEXT.replace("chaque année", "chaque mois")

    assert merge_texts(TEXT, both, both).text == both
    assert merge_texts(TEXT, both, TEXT).text == both
    assert merge_texts(TEXT, TEXT, both).text == both
    same_and_more = both.replace("Publier", "Rendre public")
    merged = merge_texts(TEXT, same_and_more, both)
    assert (merged.clean, merged.text) == (True, same_and_more)

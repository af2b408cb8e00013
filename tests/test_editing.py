"""The editor's view of a text, and the regions of a merge: what the browser's forms rely on."""

from __future__ import annotations

from interpellations.record.document import parse_text
from interpellations.record.model import Language
from interpellations.text.editing import EditorFields, Writing, compose, decompose
from interpellations.text.merging import merge_regions, resolve_regions

FIELDS = EditorFields(
    writings={
        Language.FR: Writing("Logements vides", "## Constats\n\nTrop de logements vides."),
        Language.NL: Writing("Leegstaande woningen", "## Vaststellingen\n\nTe veel."),
    },
    theme="logement",
    group="gt-logement",
    addressees=("college-valbrune",),
    copies=("conseil-cpas",),
)


def test_the_editors_fields_make_the_files_and_come_back_from_them() -> None:
    texts = compose(FIELDS)
    french = parse_text(texts[Language.FR], Language.FR)
    dutch = parse_text(texts[Language.NL], Language.NL)
    assert (french.front.title, dutch.front.title) == ("Logements vides", "Leegstaande woningen")
    assert dutch.front.addressees == ["college-valbrune"] and dutch.front.language == Language.NL
    assert decompose(texts) == FIELDS


def test_an_empty_dutch_writing_has_no_file_and_an_unreadable_head_stays_whole() -> None:
    only_french = EditorFields(writings={Language.FR: Writing("Titre", "Corps")})
    assert set(compose(only_french)) == {Language.FR}
    broken = "---\ntitle: [pas fermé\n---\nLe texte tapé."
    kept = decompose({Language.FR: broken}).writing(Language.FR)
    assert kept.body == broken  # nothing typed is dropped, even unreadable


def test_regions_give_back_both_texts_and_settle_as_chosen() -> None:
    base = "a\nb\nc\nd\n"
    mine = "a\nB mine\nc\nd\nmy end\n"
    theirs = "A theirs\nb their\nc\nd\n"
    regions = merge_regions(base, mine, theirs)
    assert [r.kind for r in regions] == ["conflict", "same", "mine"]
    assert "".join(r.mine for r in regions) == mine
    assert resolve_regions(regions, {0: ("theirs", "")}) == "A theirs\nb their\nc\nd\nmy end\n"
    assert resolve_regions(regions, {0: ("edit", "ensemble")}) == "ensemble\nc\nd\nmy end\n"
    assert resolve_regions(regions, {}) == mine  # without a choice, the writer's words stay

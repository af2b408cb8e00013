"""The letters of an approved interpellation, as a person reading them would check them.

Each letter is rendered for real (pandoc, and Typst for the PDF) and read back the
way a person would see it: the PDF's text through poppler's `pdftotext`, the DOCX
and ODT through pandoc. The first page of each PDF is kept as a PNG under
`var/screenshots/letters/` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import replace
from pathlib import Path

import pypandoc
import pytest
from pypdf import PdfReader
from registre import HOUSING, RENTS

from interpellations.letters.content import Letter, letter_of
from interpellations.letters.rendering import Format, render
from interpellations.letters.typography import NARROW
from interpellations.reading.dossier import read_dossier
from interpellations.record.ids import InterpellationId
from interpellations.record.store import Store

SHOTS = Path(__file__).resolve().parents[1] / "var" / "screenshots" / "letters"
DAY = dt.date(2026, 11, 24)
REFERENCE = "CSV/2026/007"
BASE_URL = "https://interpellations.valbrune.example"


def letter_to(store: Store, authority: str, iid: InterpellationId = HOUSING) -> Letter:
    """The letter to `authority`, addressed in the text or not (the minister reads Dutch)."""
    dossier = read_dossier(store, iid)
    found = dossier.record.authority(authority)
    assert found is not None
    reference = REFERENCE if dossier.approval else None
    return letter_of(dossier, found, day=DAY, reference=reference, base_url=BASE_URL)


def text_of(data: bytes, form: Format, tmp_path: Path, name: str) -> str:
    """What a person reads in the file: pypdf for the PDF (it keeps U+202F, where poppler
    gives a plain space), pandoc for the others."""
    path = tmp_path / f"{name}.{form.value}"
    path.write_bytes(data)
    if form == Format.PDF:
        SHOTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", path,
             SHOTS / name],
            check=True,
        )  # fmt: skip
        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return str(pypandoc.convert_file(str(path), "plain", extra_args=["--wrap=none"]))


def laid_out(data: bytes, tmp_path: Path) -> list[str]:
    """The PDF's lines as poppler lays them out, columns side by side."""
    path = tmp_path / "laid-out.pdf"
    path.write_bytes(data)
    shown = subprocess.run(
        ["pdftotext", "-layout", path, "-"], check=True, capture_output=True, text=True
    ).stdout
    return shown.splitlines()


# the French letter goes to the college, the Dutch one to the minister (who reads Dutch)
EXPECTED = {
    "college-valbrune": {
        "language": "fr",
        "lines": [
            "Collège communal de Valbrune",
            "Valbrune, le 24 novembre 2026",
            f"N/Réf.{NARROW}: {REFERENCE}",
            f"Objet{NARROW}: Logements vides",
            "Madame, Monsieur,",
            "Constats",
            "Avis",
            "Propositions",
            "Percevoir la taxe.",
            "Publier l’inventaire des immeubles vides.",
            "Pour le CPAS",
            "Pour les associations",
            f"Copie{NARROW}: Conseil de l’action sociale de Valbrune",
        ],
    },
    "ministre-logement": {
        "language": "nl",
        "lines": [
            "Ministre du Logement",  # the address, as the directory writes it
            "Valbrune, 24 november 2026",
            f"Ons kenmerk: {REFERENCE}",
            "Betreft: Leegstaande woningen",
            "Geachte mevrouw, geachte heer,",
            "Vaststellingen",
            "Advies",
            "Voorstellen",
            "De belasting innen.",
            "Voor het OCMW",
            "Voor de verenigingen",
            "Kopie: Raad voor maatschappelijk welzijn van Valbrune",
        ],
    },
}


@pytest.mark.parametrize("form", list(Format))
@pytest.mark.parametrize("authority", list(EXPECTED))
def test_a_letter_says_what_a_belgian_authority_expects(
    registre: Store, tmp_path: Path, authority: str, form: Format
) -> None:
    letter = letter_to(registre, authority)
    expected = EXPECTED[authority]
    assert letter.language == expected["language"]

    shown = text_of(render(letter, form), form, tmp_path, f"{authority}-{form.value}")

    for line in expected["lines"]:
        assert line.replace("’", "'") in shown.replace("’", "'"), line
    for number in ("1.", "2."):
        assert number in shown
    for side in letter.signed:
        for person in side.signatories:
            assert person.name in shown
    assert letter.short_text_id in shown
    if form == Format.PDF:
        assert letter.verification_url in shown.replace("\n", "")


def test_the_signatories_stand_under_their_side(registre: Store, tmp_path: Path) -> None:
    letter = letter_to(registre, "college-valbrune")
    lines = laid_out(render(letter, Format.PDF), tmp_path)
    cpas, associative = letter.signed
    assert cpas.side == "cpas" and associative.side == "associatif"
    heading = next(line for line in lines if "Pour le CPAS" in line)
    middle = heading.index("Pour les associations")
    for person in cpas.signatories:
        line = next(line for line in lines if person.name in line)
        assert line.index(person.name) < middle, person.name
    for person in associative.signatories:
        line = next(line for line in lines if person.name in line)
        assert line.index(person.name) >= middle, person.name


def test_french_punctuation_gets_its_narrow_space(registre: Store, tmp_path: Path) -> None:
    letter = letter_to(registre, "college-valbrune")
    for form in Format:
        shown = text_of(render(letter, form), form, tmp_path, f"spaces-{form.value}")
        assert f"Objet{NARROW}:" in shown
        assert " :" not in shown and " ;" not in shown  # never a plain space before them


def test_the_pdf_is_tagged_with_its_language_and_title(registre: Store) -> None:
    pdf = render(letter_to(registre, "ministre-logement"), Format.PDF)
    assert b"/StructTreeRoot" in pdf
    assert b"/Lang(nl-BE)" in pdf
    assert b"/Title" in pdf


def test_a_draft_is_marked_and_carries_no_signature(registre: Store, tmp_path: Path) -> None:
    letter = letter_to(registre, "college-valbrune", RENTS)  # edited after approval
    assert letter.draft and letter.reference is None
    shown = text_of(render(letter, Format.PDF), Format.PDF, tmp_path, "draft")
    assert "PROJET / ONTWERP" in shown
    assert "Pour la coordination" not in shown and "Pour le CPAS" not in shown
    assert "N/Réf." not in shown


def test_what_people_wrote_is_text_never_code(registre: Store, tmp_path: Path) -> None:
    """Markdown, HTML or Typst in a field is shown as typed, never run by a converter."""
    letter = letter_to(registre, "college-valbrune")
    odd = "#pagebreak() <b>*gras*</b> `code` $x$ [lien](https://x.example)"
    pdf = render(replace(letter, subject=odd), Format.PDF)
    shown = text_of(pdf, Format.PDF, tmp_path, "odd")
    assert odd in shown
    assert len(PdfReader(tmp_path / "odd.pdf").pages) == 1  # no page break was run

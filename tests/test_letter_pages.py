"""The letters previewed from an interpellation's page: links, files, refusals.

Through the service's own HTTP handling (TestClient) on the tests' registre; the
files are read back as a person would (pypdf for the PDF, pandoc for DOCX).
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from pathlib import Path

import pypandoc
import pytest
from conftest import DEMO_PASSWORD, csrf_token, log_in
from coordination import ASSOCIATIVE, COORDINATOR, CPAS, DRAFTER
from gitcheck import git_log
from litestar.testing import TestClient
from pypdf import PdfReader
from registre import HEALTH, HOUSING, approved_for_two, text_id
from test_letters import laid_out, text_of
from test_pages import list_table

from interpellations.acts.administration import Administer
from interpellations.acts.issuing import issue_letters
from interpellations.acts.pipeline import perform
from interpellations.letters import rendering
from interpellations.letters.rendering import Format
from interpellations.record.loading import AUTHORITIES_FILE, load_record
from interpellations.record.store import Store

Client = TestClient  # type: ignore[type-arg]


def page_of(iid: object) -> str:
    year, slug = str(iid).split("/")
    return f"/interpellations/{year}/{slug}"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_an_approved_text_offers_its_signed_letters(visitor: Client) -> None:
    log_in(visitor, COORDINATOR)
    page = visitor.get(page_of(HOUSING)).text
    assert 'id="lettres"' in page
    link = f"{page_of(HOUSING)}/lettres/college-valbrune/pdf"
    assert f'href="{link}"' in page

    answer = visitor.get(link)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert "logements-vides-college-valbrune.fr.pdf" in answer.headers["content-disposition"]
    shown = pdf_text(answer.content)
    assert "Collège communal de Valbrune" in shown
    assert "Pour le CPAS" in shown and "PROJET" not in shown
    assert "N/Réf." not in shown  # a reference is given when the letters are issued


def test_a_draft_s_letter_is_marked_and_unsigned(visitor: Client, tmp_path: Path) -> None:
    log_in(visitor, COORDINATOR)
    base = f"{page_of(HEALTH)}/lettres/college-valbrune"
    shown = pdf_text(visitor.get(f"{base}/pdf").content)
    assert "PROJET / ONTWERP" in shown and "Pour le CPAS" not in shown

    docx = tmp_path / "draft.docx"
    docx.write_bytes(visitor.get(f"{base}/docx").content)
    text = pypandoc.convert_file(str(docx), "plain", extra_args=["--wrap=none"])
    assert "PROJET / ONTWERP" in text and "Objet" in text


def test_a_letter_to_someone_else_or_in_another_form_is_not_found(visitor: Client) -> None:
    log_in(visitor, COORDINATOR)
    elsewhere = visitor.get(f"{page_of(HOUSING)}/lettres/ministre-logement/pdf")
    assert elsewhere.status_code == 404
    assert "pas adressé à cette autorité" in elsewhere.text
    assert visitor.get(f"{page_of(HOUSING)}/lettres/college-valbrune/exe").status_code == 404
    forged = visitor.get(f"{page_of(HOUSING)}/lettres/..%2F..%2Fetc/pdf")
    assert forged.status_code == 404


def test_letters_are_for_members_only(visitor: Client) -> None:
    answer = visitor.get(f"{page_of(HOUSING)}/lettres/college-valbrune/pdf", follow_redirects=False)
    assert answer.status_code in (302, 303, 401)


def test_the_letters_section_in_dutch(visitor: Client) -> None:
    log_in(visitor, COORDINATOR)
    page = visitor.get(page_of(HOUSING) + "?lang=nl").text
    assert "Brieven" in page
    assert "Het kenmerk wordt bij de uitgifte toegekend" in page


def test_a_coordinator_issues_the_letters_from_the_page(
    visitor: Client, registre: Store, tmp_path: Path
) -> None:
    log_in(visitor, COORDINATOR)
    page = visitor.get(page_of(HOUSING)).text
    assert "Émettre les lettres" in page
    shown_id = re.search(r'name="text_id" value="([0-9a-f]{64})"', page)
    assert shown_id is not None
    token = csrf_token(visitor, page_of(HOUSING))

    answer = visitor.post(
        f"{page_of(HOUSING)}/emettre",
        data={"text_id": shown_id.group(1), "_csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert "fait=issue" in answer.headers["location"]
    after = visitor.get(answer.headers["location"]).text
    assert "Les lettres sont émises" in after
    assert "ont été émises (référence CSV/" in html.unescape(after)  # no second issue offered

    pdf = visitor.get(f"{page_of(HOUSING)}/lettres/college-valbrune/pdf").content
    assert pdf == registre.read(HOUSING.path("lettres/college-valbrune.fr.pdf"))  # as archived
    reference = re.search(r"CSV/\d{4}/\d{3}", pdf_text(pdf))
    assert reference is not None
    docx = tmp_path / "issued.docx"
    docx.write_bytes(visitor.get(f"{page_of(HOUSING)}/lettres/college-valbrune/docx").content)
    assert reference.group() in pypandoc.convert_file(str(docx), "plain")


def test_only_a_coordinator_is_offered_to_issue(visitor: Client) -> None:
    log_in(visitor, DRAFTER)
    assert "Émettre les lettres" not in visitor.get(page_of(HOUSING)).text


def test_an_issued_letter_keeps_the_address_of_the_day_it_was_issued(
    visitor: Client, registre: Store, tmp_path: Path
) -> None:
    issue_letters(
        registre, COORDINATOR, HOUSING, text_id(registre, HOUSING), base_url="https://x.example"
    )
    directory = (registre.read(AUTHORITIES_FILE) or b"").decode()
    moved = directory.replace("Place communale 1", "Rue du Déménagement 9")
    perform(
        registre, COORDINATOR, Administer(AUTHORITIES_FILE, "Nouvelle adresse", raw=moved.encode())
    )

    log_in(visitor, COORDINATOR)
    base = f"{page_of(HOUSING)}/lettres/college-valbrune"
    archived = pdf_text(visitor.get(f"{base}/pdf").content)
    docx = tmp_path / "again.docx"
    docx.write_bytes(visitor.get(f"{base}/docx").content)
    again = pypandoc.convert_file(str(docx), "plain", extra_args=["--wrap=none"])
    assert "Place communale 1" in archived and "Déménagement" not in archived
    assert re.search(r"N/Réf.\u202f: CSV/\d{4}/001", archived)
    # the same words in the same order: only the layout differs (page numbers, table rules)
    assert words(archived) == words(again)


def words(shown: str) -> list[str]:
    """The text as a sequence of words, without the layout: a PDF's page numbers, the
    rules pandoc draws around a table, line breaks inside a table's cells."""
    shown = re.sub(r"^(Page \d+ sur \d+|Pagina \d+ van \d+)$", "", shown, flags=re.M)
    shown = re.sub(r"^[\s-]+$", "", shown, flags=re.M)
    return shown.split()


def test_the_api_lists_the_letters_then_their_issue(visitor: Client, registre: Store) -> None:
    token = visitor.post(
        "/api/session", json={"email": COORDINATOR, "password": DEMO_PASSWORD}
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    before = visitor.get(f"/api{page_of(HOUSING)}/letters", headers=headers).json()
    assert before["issued"] is False and before["reference"] is None
    (letter,) = before["letters"]
    assert (letter["authority"], letter["language"], letter["sha256"]) == (
        "college-valbrune",
        "fr",
        None,
    )

    done = visitor.post(
        f"/api{page_of(HOUSING)}/issue",
        json={"text_id": text_id(registre, HOUSING)},
        headers=headers,
    )
    assert done.status_code == 201 and done.json()["state"] == "issued"
    after = visitor.get(f"/api{page_of(HOUSING)}/letters", headers=headers).json()
    assert after["issued"] is True and after["reference"].startswith("CSV/")
    pdf = registre.read(HOUSING.path("lettres/college-valbrune.fr.pdf"))
    assert pdf is not None
    assert after["letters"][0]["sha256"] == hashlib.sha256(pdf).hexdigest()


def bearer(visitor: Client, email: str) -> dict[str, str]:
    answer = visitor.post("/api/session", json={"email": email, "password": DEMO_PASSWORD})
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def test_the_api_fetches_each_letter_by_format_and_language(
    visitor: Client, registre: Store, tmp_path: Path
) -> None:
    headers = bearer(visitor, COORDINATOR)
    url = f"/api{page_of(HOUSING)}/letters/college-valbrune"
    (listed,) = visitor.get(f"/api{page_of(HOUSING)}/letters", headers=headers).json()["letters"]
    assert listed["languages"] == ["fr", "nl"]
    assert listed["files"]["docx"] == f"{url}?format=docx&lang=fr"

    dutch = visitor.get(url, params={"format": "docx", "lang": "nl"}, headers=headers)
    assert dutch.status_code == 200
    assert "wordprocessingml" in dutch.headers["content-type"]
    assert "college-valbrune.nl.docx" in dutch.headers["content-disposition"]
    copy = tmp_path / "copy.docx"
    copy.write_bytes(dutch.content)
    shown = pypandoc.convert_file(str(copy), "plain", extra_args=["--wrap=none"])
    assert "Betreft: Leegstaande woningen" in shown and "Voor het OCMW" in shown

    issue_letters(registre, COORDINATOR, HOUSING, text_id(registre, HOUSING), base_url="https://x")
    archived = registre.read(HOUSING.path("lettres/college-valbrune.fr.pdf"))
    assert visitor.get(url, headers=headers).content == archived  # PDF, in its language
    in_dutch = visitor.get(url, params={"lang": "nl"}, headers=headers)
    assert in_dutch.content != archived
    assert re.search(r"Ons kenmerk: CSV/\d{4}/001", pdf_text(in_dutch.content))


def test_the_api_refuses_a_letter_it_has_not(visitor: Client) -> None:
    headers = bearer(visitor, COORDINATOR)
    url = f"/api{page_of(HOUSING)}/letters/college-valbrune"
    assert visitor.get(url, params={"format": "rtf"}, headers=headers).status_code == 400
    assert visitor.get(url, params={"lang": "de"}, headers=headers).status_code == 400
    elsewhere = f"/api{page_of(HOUSING)}/letters/ministre-logement"
    assert visitor.get(elsewhere, headers=headers).status_code == 404  # not addressed to it
    french_only = f"/api{page_of(HEALTH)}/letters/college-valbrune"
    missing = visitor.get(french_only, params={"lang": "nl"}, headers=headers)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert visitor.get(url).status_code == 401


# What each issued letter must say, whatever its form; `{reference}` is the one given
ISSUED = {
    "college-valbrune": [
        "Rue du Marché 3",
        "contact@coordination-valbrune.example · 02 555 01 99",
        "N° d'entreprise 0999.123.457",
        "Alice Martin, Fonction de Alice Martin,",
        "Collège communal de Valbrune",
        "Place communale 1",
        "N/Réf.\u202f: {reference}",
        "Objet\u202f: Hébergement d'urgence",
        "Madame, Monsieur,",
        "Constats",
        "Avis",
        "Propositions",
        "Ouvrir cent places d'accueil.",
        "Publier les places libres chaque soir.",
        "Copie\u202f: Conseil de l'action sociale de Valbrune",
        "dehors\u202f?",
        "quarante\u202f;",
        "hiver\u202f!",
    ],
    "ministre-logement": [
        "Marktstraat 3",  # the coordination's address in Dutch
        "Ondernemingsnummer 0999.123.457",
        "Alice Martin, Functie van Alice Martin,",  # in Dutch where the record has it
        "Ministre du Logement",
        "Ons kenmerk: {reference}",
        "Betreft: Noodopvang",
        "Geachte mevrouw, geachte heer,",
        "Vaststellingen",
        "Advies",
        "Voorstellen",
        "Honderd opvangplaatsen openen.",
        "Elke avond de vrije plaatsen publiceren.",
        "Kopie: Raad voor maatschappelijk welzijn van Valbrune",
        "buiten?",
    ],
}
SIDES = {"college-valbrune": "Pour les associations", "ministre-logement": "Voor de verenigingen"}


@pytest.mark.parametrize("form", list(Format))
@pytest.mark.parametrize("authority", list(ISSUED))
def test_issued_letters_to_a_french_and_a_dutch_authority(
    visitor: Client, registre: Store, tmp_path: Path, authority: str, form: Format
) -> None:
    iid = approved_for_two(registre)
    issue_letters(registre, COORDINATOR, iid, text_id(registre, iid), base_url="https://x.example")
    reference = git_log(registre.path)[0].trailers["Reference"]
    log_in(visitor, COORDINATOR)

    got = visitor.get(f"{page_of(iid)}/lettres/{authority}/{form.value}")
    shown = text_of(got.content, form, tmp_path, f"issued-{authority}-{form.value}")

    flat = shown.replace("’", "'")
    for line in ISSUED[authority]:
        assert line.format(reference=reference) in flat, line
    for number in ("1.", "2."):
        assert number in flat
    assert text_id(registre, iid)[:12] in flat
    # under the heading of their side: the CPAS's in the left column, the others' right
    columns = laid_out(got.content, tmp_path) if form == Format.PDF else shown.splitlines()
    middle = next(line for line in columns if SIDES[authority] in line).index(SIDES[authority])
    record = load_record(registre.snapshot())
    for email in CPAS[:3] + ASSOCIATIVE[:3]:
        name = record.member(email).name  # type: ignore[union-attr]
        line = next(line for line in columns if name in line)
        assert (line.index(name) < middle) == (email in CPAS), name
    if form == Format.PDF:
        assert got.content == registre.read(iid.path(f"lettres/{authority}.{LANGS[authority]}.pdf"))
        for marker in (b"/StructTreeRoot", b"/Lang(" + LANGS[authority].encode(), b"/Title"):
            assert marker in got.content


LANGS = {"college-valbrune": "fr", "ministre-logement": "nl"}


def test_a_letter_that_cannot_be_made_says_so_and_records_nothing(
    visitor: Client,
    registre: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Typst refuses a broken page template (as it would a damaged installation): the
    page says so, the log has the detail, and neither a file nor a commit is written."""
    broken = tmp_path / "page.typ"
    broken.write_text("#let letter = (\n$body$\n", encoding="utf-8")  # never closed
    monkeypatch.setattr(rendering, "PAGE", broken)
    log_in(visitor, COORDINATOR)
    head = registre.head()

    preview = visitor.get(f"{page_of(HOUSING)}/lettres/college-valbrune/pdf")
    assert preview.status_code == 500
    assert "La lettre n'a pas pu être produite en PDF" in html.unescape(preview.text)

    page = visitor.get(page_of(HOUSING)).text
    token = csrf_token(visitor, page_of(HOUSING))
    answer = visitor.post(
        f"{page_of(HOUSING)}/emettre",
        data={"text_id": text_id(registre, HOUSING), "_csrf_token": token},
    )
    shown = html.unescape(answer.text)
    assert answer.status_code == 500 and "Émettre les lettres" in page
    assert "Rien n'a été enregistré." in shown and "n'a pas pu être produite en PDF" in shown
    assert registre.head() == head
    assert registre.snapshot().list(HOUSING.path("lettres")) == []
    assert "could not be rendered" in caplog.text and "unclosed delimiter" in caplog.text


def test_the_list_finds_the_letters_issued(visitor: Client, registre: Store) -> None:
    log_in(visitor, DRAFTER)
    none_yet = visitor.get("/", params={"state": "issued"}).text
    assert "Aucune interpellation ne correspond à ces critères." in none_yet
    issue_letters(registre, COORDINATOR, HOUSING, text_id(registre, HOUSING), base_url="https://x")
    issued = list_table(visitor.get("/", params={"state": "issued"}).text)
    assert re.findall(r'href="/interpellations/(\d{4}/[a-z0-9-]+)"', issued) == [str(HOUSING)]
    assert "Lettre émise" in issued

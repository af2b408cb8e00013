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
from conftest import DEMO_PASSWORD, csrf_token, log_in
from coordination import COORDINATOR, DRAFTER
from litestar.testing import TestClient
from pypdf import PdfReader
from registre import HEALTH, HOUSING, text_id

from interpellations.acts.administration import Administer
from interpellations.acts.issuing import issue_letters
from interpellations.acts.pipeline import perform
from interpellations.record.loading import AUTHORITIES_FILE
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
    for shown in (archived, again):
        assert "Place communale 1" in shown and "Déménagement" not in shown
    reference = re.search(r"CSV/\d{4}/\d{3}", archived)
    assert reference is not None and reference.group() in again


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

"""The letters in real Chromium, in French and in Dutch, on a real server.

A coordinator previews an approved text's letters, issues them, downloads what was
issued and opens the public verification page; then follows the letters up. In Dutch,
a coordinator who switched the pages to Dutch does the same on another approved text,
and a Dutch-speaking member checks the letter from outside. A draft's text id and an
unknown one get the plain refusal. Every page on the way is checked by axe-core; the
first page of each PDF downloaded is kept as a PNG under `var/screenshots/letters/`.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DEMO_PASSWORD
from coordination import COORDINATOR
from gitcheck import git_log
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from registre import HEALTH, HOUSING, approved_for_two, text_id

from e2e.conftest import ROOT, Served, check_accessibility, login, screenshot, send, serve_store
from interpellations.record.ids import InterpellationId
from interpellations.record.store import Store

SHOTS = ROOT / "var" / "screenshots" / "letters"
DUTCH_MEMBER = "jules.peeters@de-brug.example"  # his account reads Dutch


@pytest.fixture(scope="module")
def letters_server(_registre: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The service on a copy of the tests' registre, with a text to two authorities."""
    folder = tmp_path_factory.mktemp("letters")
    shutil.copytree(_registre, folder / "data", symlinks=True)
    store = Store.open(folder / "data")
    approved_for_two(store)
    yield from serve_store(store, folder)


def person(browser: Browser, served: Served, email: str) -> Page:
    context = browser.new_context(base_url=served.base_url, locale="fr-BE", accept_downloads=True)
    return login(context.new_page(), email, DEMO_PASSWORD)


def download(page: Page, link_name: str, nth: int, folder: Path, name: str) -> Path:
    """Click the `nth` link called `link_name` and keep the file it downloads."""
    with page.expect_download() as started:
        page.get_by_role("link", name=link_name, exact=True).nth(nth).click()
    target = folder / name
    started.value.save_as(target)
    return target


def pdf_shown(path: Path) -> str:
    """The PDF's text, and its first page as a PNG for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", path,
         SHOTS / f"e2e-{path.stem}"],
        check=True,
    )  # fmt: skip
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def visit(page: Page, name: str) -> None:
    check_accessibility(page)
    screenshot(page, f"letters-{name}")


def issued_pdf(served: Served, iid: InterpellationId, file: str) -> bytes:
    return subprocess.run(
        ["git", "show", f"main:{iid.path(file)}"], cwd=served.data, capture_output=True, check=True
    ).stdout


@pytest.mark.e2e
def test_a_coordinator_previews_issues_downloads_and_follows_up_in_french(
    browser: Browser, letters_server: Served, tmp_path: Path
) -> None:
    shelter = InterpellationId(2026, "hebergement-d-urgence")
    gaelle = person(browser, letters_server, COORDINATOR)
    gaelle.goto(f"/interpellations/{shelter}#lettres")
    letters = gaelle.locator("#lettres")
    expect(letters).to_contain_text("Collège communal de Valbrune (FR)")
    expect(letters).to_contain_text("Ministre du Logement (NL)")
    visit(gaelle, "apercu")

    preview = pdf_shown(download(gaelle, "PDF", 0, tmp_path, "apercu-college.pdf"))
    assert "Pour le CPAS" in preview and "N/Réf." not in preview  # signed, no reference yet

    press = gaelle.locator("form[action$='/emettre'] button[type=submit]")
    expect(press).to_have_text("Émettre les lettres")
    send(gaelle, press)
    expect(gaelle.get_by_role("status")).to_contain_text("Les lettres sont émises")
    entry = git_log(letters_server.data)[0]
    assert (entry.trailers["Action"], entry.author[1]) == ("issue", COORDINATOR)
    reference = entry.trailers["Reference"]
    expect(gaelle.locator("#lettres")).to_contain_text(f"sous la référence {reference}")
    visit(gaelle, "emises")

    sent = download(gaelle, "PDF", 0, tmp_path, "emise-college.pdf")
    assert sent.read_bytes() == issued_pdf(
        letters_server, shelter, "lettres/college-valbrune.fr.pdf"
    )
    assert f"N/Réf.\u202f: {reference}" in pdf_shown(sent)
    # the college's letter, then its Dutch copy, then the minister's
    to_minister = download(gaelle, "PDF", 2, tmp_path, "emise-ministre.pdf")
    assert to_minister.read_bytes() == issued_pdf(
        letters_server, shelter, "lettres/ministre-logement.nl.pdf"
    )
    assert f"Ons kenmerk: {reference}" in pdf_shown(to_minister)
    docx = download(gaelle, "DOCX", 0, tmp_path, "emise-college.docx")
    assert docx.read_bytes()[:2] == b"PK" and docx.stat().st_size > 5_000

    gaelle.get_by_role("link", name="Page de vérification").click()
    expect(gaelle.locator("h1")).to_have_text("Vérification d'une lettre")
    expect(gaelle.get_by_role("status")).to_contain_text(reference)
    expect(gaelle.locator("table")).to_contain_text("Alice Martin")  # a signatory
    visit(gaelle, "verification")

    gaelle.goto(f"/interpellations/{shelter}#lettres")
    gaelle.get_by_role("link", name="Créer un suivi").click()
    expect(gaelle.locator("h1")).to_have_text("Suivi d'une interpellation")
    expect(gaelle.locator("input[name=title]")).to_have_value("Suivi : Hébergement d'urgence")
    visit(gaelle, "suivi")
    send(gaelle, gaelle.locator("form[action$='/suivi'] button[type=submit]"))
    assert gaelle.url.endswith("/modifier")
    assert git_log(letters_server.data)[0].trailers["Action"] == "follow-up"
    gaelle.goto(f"/interpellations/{shelter}")
    expect(gaelle.locator("dl.facts")).to_contain_text("Suivi : Hébergement d'urgence")
    gaelle.context.close()


@pytest.mark.e2e
def test_the_same_in_dutch_and_the_refusals_plainly(
    browser: Browser, letters_server: Served, tmp_path: Path
) -> None:
    gaelle = person(browser, letters_server, COORDINATOR)
    gaelle.goto(f"/langue/nl?next=/interpellations/{HOUSING}")
    expect(gaelle.locator("html")).to_have_attribute("lang", "nl")
    visit(gaelle, "voorvertoning")
    send(gaelle, gaelle.locator("form[action$='/emettre'] button[type=submit]"))
    expect(gaelle.get_by_role("status")).to_contain_text("De brieven zijn uitgegeven")
    reference = git_log(letters_server.data)[0].trailers["Reference"]
    visit(gaelle, "uitgegeven")
    copy = download(gaelle, "PDF", 1, tmp_path, "kopie-college.nl.pdf")  # the Dutch copy
    shown = pdf_shown(copy)
    assert f"Ons kenmerk: {reference}" in shown and "Betreft: Leegstaande woningen" in shown
    gaelle.context.close()

    jules = person(browser, letters_server, DUTCH_MEMBER)
    issued = text_id(Store.open(letters_server.data), HOUSING)
    jules.goto(f"/verifieren/{issued}")
    expect(jules.locator("html")).to_have_attribute("lang", "nl")
    expect(jules.get_by_role("status")).to_contain_text(reference)
    visit(jules, "verificatie")

    draft = text_id(Store.open(letters_server.data), HEALTH)
    for path, language in ((f"/verifieren/{draft}", "nl"), ("/verifier/" + "a" * 64, "fr")):
        answer = jules.goto(path)
        assert answer is not None and answer.status == 404
        expect(jules.locator("html")).to_have_attribute("lang", language)
        expect(jules.locator("main")).to_contain_text(
            "Geen enkele uitgegeven brief" if language == "nl" else "Aucune lettre émise"
        )
        visit(jules, f"geweigerd-{language}")
    jules.context.close()

"""Writing and administering in real Chromium, on a real server: nothing typed is lost.

A drafter creates an interpellation and writes both languages; the network is
cut and the tab closed, and a fresh browser logging in again is offered the
working copy the server kept, with every word. Two people edit one text at
once: their separate changes both reach the record, and an overlap settled
region by region is committed. A coordinator completes a registre made by
`init` until an interpellation can be created, and a disabled account's session
stops at once. Every page on the way is checked by axe-core.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DEMO_PASSWORD
from coordination import COORDINATOR, DRAFTER, OUTSIDER
from gitcheck import git_log
from playwright.sync_api import Browser, BrowserContext, Page, expect
from registre import DEPOSIT

from e2e.conftest import ROOT, Served, check_accessibility, login, send, serve_store
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.store import Store

pytestmark = pytest.mark.e2e
SAVED_ON_SERVER = "Enregistré sur le serveur à"
FOUNDER = "camille.dupont@coordination.example"


@pytest.fixture(scope="module")
def registre_server(_registre: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("drafting")
    shutil.copytree(_registre, folder / "data", symlinks=True)
    yield from serve_store(Store.open(folder / "data"), folder)


def _context(browser: Browser, served: Served) -> BrowserContext:
    context = browser.new_context(
        base_url=served.base_url, locale="fr-BE", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    return context


def _french(served: Served, iid: InterpellationId) -> str:
    store = Store.open(served.data)
    try:
        return load_interpellation(store.snapshot(), iid).files["texte.fr.md"].decode()
    finally:
        store.close()


def test_a_drafter_writes_both_languages_and_a_fresh_browser_finds_every_word(
    browser: Browser, registre_server: Served
) -> None:
    first = _context(browser, registre_server)
    page = login(first.new_page(), DRAFTER, DEMO_PASSWORD)
    page.goto("/interpellations/nouvelle")
    check_accessibility(page)
    page.get_by_label("Titre (en français)").fill("Chauffage des logements sociaux")
    page.get_by_label("Thème").select_option("logement")
    page.get_by_label("Groupe de travail").select_option("gt-logement")
    page.locator("input[name=addressees][value=college-valbrune]").check()
    send(page, page.get_by_role("button", name="Créer l'interpellation"))
    expect(page.get_by_role("heading", name="Modifier le texte")).to_be_visible()
    editor = page.url
    check_accessibility(page)
    french = page.locator("#body-fr")
    french.fill(
        "## Constats\n\nDes familles ont froid tout l'hiver.\n\n## Avis\n\nLa coordination "
        "s'inquiète.\n\n## Propositions\n\n1. Isoler les logements.\n"
    )
    page.locator("#title-nl").fill("Verwarming van sociale woningen")
    page.locator("#body-nl").fill(
        "## Vaststellingen\n\nGezinnen hebben de hele winter koud.\n\n## Advies\n\n"
        "De coördinatie maakt zich zorgen.\n\n## Voorstellen\n\n1. De woningen isoleren.\n"
    )
    expect(page.locator("#save-status")).to_contain_text(SAVED_ON_SERVER, timeout=12_000)
    first.set_offline(True)
    page.close()  # the tab is closed, the network cut
    first.close()

    fresh = _context(browser, registre_server)
    page = login(fresh.new_page(), DRAFTER, DEMO_PASSWORD)
    page.goto(editor)
    expect(page.locator("#server-copy")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Reprendre ma copie de travail").click()
    expect(page.locator("#body-fr")).to_have_value(
        "## Constats\n\nDes familles ont froid tout l'hiver.\n\n## Avis\n\nLa coordination "
        "s'inquiète.\n\n## Propositions\n\n1. Isoler les logements."
    )
    expect(page.locator("#body-nl")).to_contain_text("Gezinnen hebben de hele winter koud.")
    expect(page.locator("#title-nl")).to_have_value("Verwarming van sociale woningen")
    page.get_by_label("Ce qui change dans cette version").fill("Premier jet, dans les deux langues")
    send(page, page.get_by_role("button", name="Enregistrer la version"))
    expect(page.get_by_role("status")).to_contain_text(
        "La nouvelle version du texte est enregistrée"
    )
    entry = git_log(registre_server.data)[0]
    assert entry.author[1] == DRAFTER
    assert entry.subject == "Premier jet, dans les deux langues"
    fresh.close()


def _open_editor(browser: Browser, served: Served, who: str) -> tuple[BrowserContext, Page]:
    context = _context(browser, served)
    page = login(context.new_page(), who, DEMO_PASSWORD)
    page.goto(f"/interpellations/{DEPOSIT}/modifier")
    return context, page


def test_two_people_write_at_once(browser: Browser, registre_server: Served) -> None:
    (one, hugo), (two, gaelle) = (
        _open_editor(browser, registre_server, DRAFTER),
        _open_editor(browser, registre_server, COORDINATOR),
    )
    # apart: a paragraph added at the end, the first finding rewritten
    hugo.locator("#body-fr").press("End")
    body = hugo.locator("#body-fr").input_value()
    hugo.locator("#body-fr").fill(body + "\n\nUne phrase ajoutée par Hugo.")
    send(hugo, hugo.get_by_role("button", name="Enregistrer la version"))
    text = gaelle.locator("#body-fr").input_value()
    first_finding = text.splitlines()[2]
    gaelle.locator("#body-fr").fill(text.replace(first_finding, "Le constat revu par Gaëlle."))
    send(gaelle, gaelle.get_by_role("button", name="Enregistrer la version"))
    expect(gaelle.get_by_role("status")).to_contain_text("fusionnée")
    saved = _french(registre_server, DEPOSIT)
    assert "Une phrase ajoutée par Hugo." in saved and "Le constat revu par Gaëlle." in saved

    # together: both rewrite Hugo's sentence; Gaëlle settles the overlap region by region
    for page in (hugo, gaelle):
        page.goto(f"/interpellations/{DEPOSIT}/modifier")
    body = hugo.locator("#body-fr").input_value()
    hugo.locator("#body-fr").fill(body.replace("Une phrase ajoutée par Hugo.", "Version Hugo."))
    send(hugo, hugo.get_by_role("button", name="Enregistrer la version"))
    body = gaelle.locator("#body-fr").input_value()
    mine = body.replace("Une phrase ajoutée par Hugo.", "Version Gaëlle.")
    gaelle.locator("#body-fr").fill(mine)
    send(gaelle, gaelle.get_by_role("button", name="Enregistrer la version"))
    expect(gaelle.get_by_role("heading", name="Passages modifiés des deux côtés")).to_be_visible()
    expect(gaelle.locator("#body-fr")).to_have_value(mine)  # her text still in the editor
    region = gaelle.locator("fieldset.region").first
    expect(region).to_contain_text("Version Gaëlle.")
    expect(region).to_contain_text("Version Hugo.")
    check_accessibility(gaelle)
    region.get_by_label("Modifier : le texte ci-dessous").check()
    region.locator("textarea").fill("Version commune de Hugo et Gaëlle.\n")
    send(gaelle, gaelle.get_by_role("button", name="Enregistrer la version"))
    expect(gaelle.get_by_role("status")).to_contain_text("La nouvelle version")
    saved = _french(registre_server, DEPOSIT)
    assert "Version commune de Hugo et Gaëlle." in saved
    assert "Version Hugo." not in saved and "Le constat revu par Gaëlle." in saved
    one.close()
    two.close()


@pytest.fixture
def founded_server(tmp_path: Path) -> Iterator[Served]:
    """The service on a registre made by the real `init` command, nothing else in it."""
    data = tmp_path / "registre"
    subprocess.run(
        [sys.executable, "-m", "interpellations", "init", "--data", str(data), "--as", FOUNDER,
         "--name", "Camille Dupont", "--coordination", "Coordination sociale de Valbrune",
         "--place", "Valbrune", "--prefix", "CSV"],
        check=True, capture_output=True, cwd=ROOT,
    )  # fmt: skip
    yield from serve_store(Store.open(data), tmp_path)


def test_a_coordinator_completes_a_registre_made_by_init(
    browser: Browser, founded_server: Served
) -> None:
    context = _context(browser, founded_server)
    page = login(context.new_page(), FOUNDER, DEMO_PASSWORD)
    page.goto("/interpellations/nouvelle")
    expect(page.get_by_role("status")).to_contain_text("L'annuaire des autorités est vide")
    page.get_by_role("link", name="Ajouter une autorité à l'annuaire").click()
    page.get_by_label("Titre en français").fill("Collège communal de Valbrune")
    page.get_by_label("Titre en néerlandais").fill("College van Valbrune")
    page.get_by_label("Adresse postale").fill("Place communale 1\n1000 Valbrune")
    page.get_by_label("Adresse e-mail").fill("college@valbrune.example")
    page.get_by_label("Formule d'appel en français").fill("Mesdames, Messieurs,")
    page.get_by_label("Formule d'appel en néerlandais").fill("Geachte dames en heren,")
    page.get_by_label("Formule de politesse en français").fill("Nos salutations distinguées.")
    page.get_by_label("Formule de politesse en néerlandais").fill("Met de meeste hoogachting,")
    send(page, page.get_by_role("button", name="Ajouter à l'annuaire"))
    expect(page.get_by_role("link", name="Collège communal de Valbrune")).to_be_visible()

    page.goto("/administration/membres")
    check_accessibility(page)
    page.get_by_label("Nom et prénom").fill("Dominique Lambert")
    page.get_by_label("Adresse e-mail").fill("dominique.lambert@asbl.example")
    page.get_by_label("Côté").select_option("associatif")
    page.get_by_label("Fonction", exact=True).fill("Coordinatrice")
    page.get_by_label("Organisation", exact=True).fill("ASBL Horizon")
    page.get_by_label("membre siégeant").check()
    send(page, page.get_by_role("button", name="Ajouter au registre"))
    expect(page.get_by_role("button", name="Envoyer une invitation")).to_be_visible()

    page.goto("/administration/coordination")
    page.get_by_label("Sièges par côté").fill("4")
    page.get_by_label("Quorum par côté").fill("2")
    send(page, page.get_by_role("button", name="Enregistrer"))
    expect(page.get_by_role("status")).to_contain_text("enregistrée dans le registre")

    page.goto("/interpellations/nouvelle")
    page.get_by_label("Titre (en français)").fill("Une première interpellation")
    page.locator("input[name=addressees]").first.check()
    send(page, page.get_by_role("button", name="Créer l'interpellation"))
    expect(page.get_by_role("heading", name="Modifier le texte")).to_be_visible()
    subjects = [entry.subject for entry in git_log(founded_server.data)]
    assert subjects[-1] == "Fonde le registre de la coordination"
    assert len(subjects) == 5  # founded, authority, member, seats, interpellation
    context.close()


def test_a_disabled_account_stops_at_once(browser: Browser, registre_server: Served) -> None:
    member = _context(browser, registre_server)
    page = login(member.new_page(), OUTSIDER, DEMO_PASSWORD)
    page.goto("/")
    coordinator = _context(browser, registre_server)
    admin = login(coordinator.new_page(), COORDINATOR, DEMO_PASSWORD)
    admin.goto("/administration/membres/nora-lambert")
    send(admin, admin.get_by_role("button", name="Désactiver le compte"))
    expect(admin.get_by_role("status")).to_contain_text("Le compte est désactivé")
    page.reload()
    expect(page).to_have_url(f"{registre_server.base_url}/connexion?next=%2F")
    member.close()
    coordinator.close()

"""Discussing and deciding in real Chromium, on a real server of the tests' own registre.

People of the tests' coordination (`coordination.py`, every one with the test
password) comment on a selected passage, reply and resolve; sign for both sides;
object, which blocks the approval until the chair records the committee's
decision; and sign again, in one step, a text edited through the command-line
tool after they signed. Each step is what a person sees and clicks; the git log
says who did it. Every page on the way is checked by axe-core.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from conftest import DEMO_PASSWORD
from coordination import ASSOCIATIVE, CPAS, DRAFTER, OUTSIDER, PRESIDENT, VICE_PRESIDENT
from gitcheck import git_log
from playwright.sync_api import Browser, Page, expect
from registre import DEPOSIT, HEALTH

from e2e.conftest import (
    ROOT,
    Served,
    check_accessibility,
    login,
    screenshot,
    send,
    serve_store,
)
from interpellations.acts.committee import submit
from interpellations.acts.drafting import create_interpellation
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.model import FrontMatter
from interpellations.record.store import Store

NIGHTS = InterpellationId(2026, "nuits-d-hotel")


@pytest.fixture(scope="module")
def registre_server(_registre: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The service on a copy of the tests' registre, with one more text just submitted."""
    folder = tmp_path_factory.mktemp("deciding")
    shutil.copytree(_registre, folder / "data", symlinks=True)
    store = Store.open(folder / "data")
    front = FrontMatter(
        title="Nuits d'hôtel",
        theme="logement",
        group="gt-logement",
        addressees=["college-valbrune"],
        copies=[],
    )
    sections = {
        "constats": "Des familles passent la nuit à l'hôtel faute de places d'urgence.",
        "avis": "La coordination estime que l'hôtel ne peut pas tenir lieu d'accueil.",
        "propositions": "1. Ouvrir vingt places d'accueil de nuit.",
    }
    create_interpellation(store, DRAFTER, front, sections, slug=NIGHTS.slug)
    submit(store, DRAFTER, NIGHTS)
    yield from serve_store(store, folder)


def person(browser: Browser, served: Served, email: str) -> Page:
    page = browser.new_context(base_url=served.base_url, locale="fr-BE").new_page()
    return login(page, email, DEMO_PASSWORD)


def visit(page: Page, name: str) -> None:
    check_accessibility(page)
    screenshot(page, f"deciding-{name}")


def newest(served: Served) -> tuple[str, str]:
    """The action and author e-mail of the newest commit of the record."""
    entry = git_log(served.data)[0]
    return entry.trailers["Action"], entry.author[1]


def press(page: Page, action: str) -> None:
    """Send the form that posts to `action` (its path's end), as a click on its button."""
    send(page, page.locator(f"form[action$='/{action}'] button[type=submit]").first)


@pytest.mark.e2e
def test_a_passage_is_commented_then_answered_and_resolved(
    browser: Browser, registre_server: Served
) -> None:
    nora = person(browser, registre_server, OUTSIDER)
    nora.goto(f"/interpellations/{HEALTH}")
    passage = nora.locator(".section-body[data-language=fr][data-section=constats] p").first
    passage.select_text()
    selected = nora.evaluate("window.getSelection().toString()").strip()
    button = nora.get_by_role("button", name="Commenter ce passage")
    expect(button).to_be_visible()
    button.click()
    expect(nora.locator("textarea[name=quote]")).to_have_value(selected)
    nora.locator("textarea[name=body]#comment-body").fill("Précisons le délai moyen.")
    send(nora, nora.locator("form.comment-form button[type=submit]"))
    expect(nora.get_by_role("status")).to_contain_text("Votre commentaire est enregistré")
    anchored = nora.locator("#textes article.comment", has_text="Précisons le délai moyen.")
    expect(anchored.locator("blockquote.quote")).to_have_text(selected)
    assert newest(registre_server) == ("comment", OUTSIDER)
    visit(nora, "commented")
    nora.context.close()

    karim = person(browser, registre_server, ASSOCIATIVE[2])
    karim.goto(f"/interpellations/{HEALTH}")
    thread = karim.locator("#textes article.comment", has_text="Précisons le délai moyen.")
    thread.get_by_text("Répondre").first.click()
    thread.locator("textarea[name=body]").fill("Trois mois en moyenne, selon nos relevés.")
    karim.evaluate("window.__stayed = true")
    send(karim, thread.locator("form[action$='/commentaires'] button[type=submit]"))
    assert karim.evaluate("window.__stayed === true"), "updated in place, not reloaded"
    assert karim.url.endswith(f"/interpellations/{HEALTH}?fait=reply")
    assert newest(registre_server) == ("reply", ASSOCIATIVE[2])
    thread = karim.locator("#textes article.comment", has_text="Précisons le délai moyen.")
    expect(thread).to_contain_text("Trois mois en moyenne")
    send(karim, thread.get_by_role("button", name="Marquer résolu"))
    expect(karim.get_by_role("status")).to_contain_text("marqué résolu")
    assert newest(registre_server) == ("resolve", ASSOCIATIVE[2])
    visit(karim, "resolved")
    karim.context.close()


@pytest.mark.e2e
def test_both_sides_sign_an_objection_blocks_and_the_committee_decides(
    browser: Browser, registre_server: Served
) -> None:
    signers = [CPAS[0], CPAS[1], CPAS[2], VICE_PRESIDENT, ASSOCIATIVE[1]]
    for email in signers:
        page = person(browser, registre_server, email)
        page.goto(f"/interpellations/{NIGHTS}")
        press(page, "signer")
        expect(page.get_by_role("status")).to_be_visible()
        assert newest(registre_server) == ("sign", email)
        page.context.close()

    lea = person(browser, registre_server, ASSOCIATIVE[3])
    lea.goto(f"/interpellations/{NIGHTS}")
    lea.get_by_text("Soulever une objection", exact=True).first.click()
    lea.get_by_label("Section visée").select_option("propositions")
    lea.get_by_label("Raison de l'objection").fill("Vingt places ne suffiront pas.")
    press(lea, "objections")
    expect(lea.get_by_role("status")).to_contain_text("bloque l'approbation")
    assert newest(registre_server) == ("object", ASSOCIATIVE[3])
    visit(lea, "objected")
    lea.context.close()

    karim = person(browser, registre_server, ASSOCIATIVE[2])  # the third associative signature
    karim.goto(f"/interpellations/{NIGHTS}")
    press(karim, "signer")
    standing = karim.locator("#etat")
    expect(standing).to_contain_text("Le texte est soumis au comité de pilotage")
    expect(standing).to_contain_text("Côté associatif : 3 signatures valables sur 3")
    expect(standing).to_contain_text("L'objection de Léa Dubois bloque l'approbation")
    karim.context.close()

    alice = person(browser, registre_server, PRESIDENT)
    alice.goto(f"/interpellations/{NIGHTS}")
    objection = alice.locator("article.objection", has_text="Vingt places ne suffiront pas.")
    objection.get_by_text("Consigner une décision").first.click()
    objection.get_by_label("objection rejetée").check()
    for email in CPAS[:3] + ASSOCIATIVE[:3]:
        objection.locator(f"input[name=present][value='{email}']").check()
    objection.get_by_label("Raison de la décision").fill("Le nombre sera revu avec le CPAS.")
    visit(alice, "deciding")
    send(alice, objection.locator("form[action$='/decision'] button[type=submit]"))
    expect(alice.get_by_role("status")).to_contain_text("approuvé")
    expect(alice.locator("#etat")).to_contain_text("approuvé par le comité de pilotage")
    log = git_log(registre_server.data)[0]
    assert (log.trailers["Action"], log.author[1], log.trailers["Via"]) == (
        "decide",
        PRESIDENT,
        "web",
    )
    assert log.trailers.get("Approval"), "the decision completed the approval, in its commit"
    visit(alice, "approved")
    alice.context.close()


@pytest.mark.e2e
def test_a_signer_sees_what_changed_and_signs_again(
    browser: Browser, registre_server: Served, tmp_path: Path
) -> None:
    """Bruno Lefebvre signed the deposit text; the drafter edits it with the CLI."""
    store = Store.open(registre_server.data)
    raw = load_interpellation(store.snapshot(), DEPOSIT).files["texte.fr.md"].decode()
    store.close()
    edited = tmp_path / "texte.fr.md"
    edited.write_text(raw.replace("le coût de la garantie locative", "le coût, en hausse,"))
    subprocess.run(
        [sys.executable, "-m", "interpellations", "edit", str(DEPOSIT), "--as", DRAFTER,
         "--fr", str(edited), "-m", "Met à jour le constat", "--data", str(registre_server.data)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip

    bruno = person(browser, registre_server, CPAS[1])
    bruno.goto("/")
    again = bruno.locator("h3", has_text="À signer à nouveau").locator(
        "xpath=following-sibling::ul[1]"
    )
    with bruno.expect_navigation():
        again.get_by_role("link", name="Garantie locative").click()
    expect(bruno.locator(".diff ins").first).to_contain_text("en hausse")
    visit(bruno, "changed-since-signed")
    send(bruno, bruno.locator("#signer button[type=submit]"))
    expect(bruno.get_by_role("status")).to_contain_text("Votre signature du texte")
    assert newest(registre_server) == ("sign", CPAS[1])
    bruno.context.close()


def _api(
    served: Served, method: str, path: str, body: dict[str, object], headers: dict[str, str]
) -> tuple[int, dict[str, object]]:
    """One JSON request to the running service, as an API client would send it."""
    request = urllib.request.Request(  # noqa: S310 - the loopback server under test
        served.base_url + path, data=json.dumps(body).encode(), method=method,
        headers={"Content-Type": "application/json", **headers},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - loopback
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def _at(totp: pyotp.TOTP, steps: int) -> str:
    return totp.at(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30 * steps))


@pytest.mark.e2e
def test_a_second_factor_is_set_up_asked_and_required_by_the_api(
    browser: Browser, registre_server: Served
) -> None:
    """David Renard turns on an authenticator app; his codes are computed by pyotp."""
    david = person(browser, registre_server, CPAS[3])
    david.goto("/")
    david.get_by_role("link", name="Mon profil").click()
    david.get_by_role("link", name="Configurer l'application d'authentification").click()
    visit(david, "second-factor-setup")
    totp = pyotp.TOTP(david.locator("code.secret").inner_text().strip())
    david.get_by_label("Code de l'application").fill("000000")
    with david.expect_navigation():
        david.get_by_role("button", name="Activer").click()
    expect(david.get_by_role("alert")).to_contain_text("pas valable")
    david.get_by_label("Code de l'application").fill(totp.now())
    with david.expect_navigation():
        david.get_by_role("button", name="Activer").click()
    expect(david.get_by_role("status")).to_contain_text("est activée")
    recovery = david.locator(".recovery-codes code").all_inner_texts()
    assert len(recovery) == 10
    david.context.close()

    for attempt, accepted in ((recovery[0], True), (recovery[0], False)):
        page = person(browser, registre_server, CPAS[3])
        assert "/connexion/code" in page.url  # the session waits for its code
        page.get_by_label("Code à six chiffres, ou un code de secours").fill(attempt)
        with page.expect_navigation():
            page.get_by_role("button", name="Valider").click()
        assert ("/connexion/code" not in page.url) == accepted, page.url
        page.context.close()

    login = {"email": CPAS[3], "password": DEMO_PASSWORD}
    status, problem = _api(registre_server, "POST", "/api/session", login, {})
    assert (status, problem["code"]) == (401, "second_factor_required")
    status, token = _api(
        registre_server, "POST", "/api/session", {**login, "code": _at(totp, 1)}, {}
    )
    assert status == 201, token
    bearer = {"Authorization": f"Bearer {token['token']}"}
    with sqlite3.connect(registre_server.data.parent / "accounts.sqlite") as db:  # 16 min later
        db.execute("UPDATE sessions SET proven_at = '2026-01-01T00:00:00+00:00'")
        db.execute("UPDATE second_factors SET last_step = last_step - 40")
    store = Store.open(registre_server.data)
    text = load_interpellation(store.snapshot(), DEPOSIT).text_id
    store.close()
    path = f"/api/interpellations/{DEPOSIT}/signatures"
    status, problem = _api(registre_server, "POST", path, {"text_id": text}, bearer)
    assert (status, problem["code"]) == (401, "second_factor_required")
    assert newest(registre_server) != ("sign", CPAS[3])
    coded = {**bearer, "X-Second-Factor-Code": totp.now()}
    status, done = _api(registre_server, "POST", path, {"text_id": text}, coded)
    assert status == 201, done
    assert newest(registre_server) == ("sign", CPAS[3])

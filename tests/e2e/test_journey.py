"""A person's first week, in real Chromium against the real server.

A coordinator invites a colleague; the invitation arrives in the demo's outbox;
the colleague chooses a password, lands on the home page, searches, reads an
interpellation and what changed between two versions, switches to Dutch, and
logs out. Every page on the way is checked by axe-core and photographed.
"""

from __future__ import annotations

import contextlib
import email
import re
from email.message import EmailMessage
from email.policy import default

import pytest
from playwright.sync_api import Browser, Page, expect
from polling import wait_for

from e2e.conftest import Served, check_accessibility, login, screenshot
from server.demo_accounts import DEMO_PASSWORD

COORDINATOR = ("thomas.lejeune@cpas-hautvallon.example", DEMO_PASSWORD)
NEWCOMER = "gaelle.hermans@solidarite-nord.example"
PASSWORD = "les voisins du quartier nord"  # noqa: S105 - a test person's new password


def newest_link(served: Served, to: str) -> str:
    """The link of the latest message to `to` in the outbox, as a person would click it."""

    def to_them() -> list[EmailMessage]:
        messages = [
            email.message_from_bytes(p.read_bytes(), policy=default)
            for p in sorted(served.outbox.glob("*.eml"))
        ]
        return [m for m in messages if m["To"] == to]

    with contextlib.suppress(AssertionError):  # sent by the service's worker, soon
        wait_for(lambda: bool(to_them()), timeout=10)
    mine = to_them()
    assert mine, f"no mail to {to} in {served.outbox}"
    body = mine[-1].get_body(preferencelist=("plain",))
    assert body is not None
    found = re.search(r"https?://\S+/invitation/\S+", body.get_content())
    assert found, body.get_content()
    return found.group(0)


def visit(page: Page, name: str) -> None:
    check_accessibility(page)
    screenshot(page, f"journey-{name}")


@pytest.mark.e2e
def test_invitation_to_logout(browser: Browser, server: Served) -> None:
    coordinator = browser.new_context(base_url=server.base_url, locale="fr-BE").new_page()
    login(coordinator, *COORDINATOR)
    coordinator.goto("/invitations/")
    visit(coordinator, "invitations")
    row = coordinator.locator("tr", has_text=NEWCOMER)
    with coordinator.expect_navigation():
        row.get_by_role("button").click()
    expect(coordinator.get_by_role("status")).to_contain_text(NEWCOMER)
    coordinator.context.close()

    link = newest_link(server, NEWCOMER)
    page = browser.new_context(base_url=server.base_url, locale="fr-BE").new_page()
    page.goto(link)
    visit(page, "choose-password")
    page.get_by_label("Nouveau mot de passe").fill(PASSWORD)
    page.get_by_label("Le même mot de passe, une seconde fois").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer le mot de passe").click()

    expect(page.get_by_role("heading", name="Ce qui vous attend")).to_be_visible()
    visit(page, "home")

    page.get_by_label("Rechercher dans les textes et les commentaires").fill("inoccupés")
    with page.expect_navigation():
        page.get_by_role("button", name="Filtrer").click()
    visit(page, "search")
    with page.expect_navigation():
        page.locator("table.list").get_by_role("link", name=re.compile("Immeubles vides")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Immeubles vides")
    visit(page, "interpellation")

    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("voir cette version")).last.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Immeubles vides")
    visit(page, "version")
    page.go_back()

    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("comparer avec la précédente")).first.click()
    assert page.locator("del, ins").count() > 0  # the words that changed, word by word
    visit(page, "diff")

    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("^NL")).click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    visit(page, "diff-nl")

    with page.expect_navigation():
        page.get_by_role("button", name="Afmelden").click()
    assert "/connexion" in page.url
    page.goto("/")
    assert "/connexion" in page.url  # the session is over
    visit(page, "after-logout")

"""Every page in real Chromium: zero axe-core violations (WCAG 2.1 AA) and a screenshot.

Every page of the route table is visited in French and in Dutch, at 1280 and at
360 CSS px (a phone): no violation, nothing wider than the screen. A new page
route without a line in PAGES fails `test_every_page_of_the_route_table_is_visited`;
screenshots are `var/screenshots/<name>-<width>.png` (git-ignored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import pytest
from playwright.sync_api import Page, Response, expect

from e2e.conftest import (
    READER_FR,
    READER_NL,
    SWITCHER,
    Served,
    check_accessibility,
    login,
    screenshot,
)
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.store import Store
from interpellations.settings import Settings
from server.app import create_app
from server.demo_accounts import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

INTERPELLATION = "/interpellations/2025/logements-vides"
MISSING = "/interpellations/2025/nexiste-pas"


@dataclass(frozen=True)
class Visit:
    name: str  # also the screenshot's file name
    path: str
    status: int = 200
    language: str = "fr"
    user: tuple[str, str] | None = None  # (e-mail, password) to log in with first


def dutch(path: str) -> str:
    """The same page through the language switch (which remembers Dutch)."""
    return f"/langue/nl?next={quote(path, safe='/')}"


COORDINATOR = ("thomas.lejeune@cpas-hautvallon.example", DEMO_PASSWORD)
COORDINATOR_NL = ("julien.marchal@coordination-hautvallon.example", DEMO_PASSWORD)  # NL only
PRESIDENT = ("martine.lenoir@cpas-hautvallon.example", DEMO_PASSWORD)
SUBMITTED = "/interpellations/2026/aide-medicale-urgente"  # an objection open: its forms
LATEST = "{latest}"  # the newest version of INTERPELLATION, read from its page
ISSUED = "/interpellations/2026/aide-alimentaire"  # the demo's letters issued
ISSUED_TEXT = "{issued}"  # its text id, read from the registre


def both(
    name: str,
    path: str,
    user: tuple[str, str] | None = None,
    status: int = 200,
    user_nl: tuple[str, str] | None = None,
) -> list[Visit]:
    """The page in French, and through the language switch in Dutch."""
    return [
        Visit(name, path, status, "fr", user),
        Visit(f"{name}-nl", dutch(path), status, "nl", user_nl or (READER_NL if user else None)),
    ]  # fmt: skip


PAGES = [
    *both("connexion", "/connexion"),
    *both("mot-de-passe-oublie", "/mot-de-passe-oublie"),
    *both("lien-expire", "/invitation/expire", status=410),
    *both("reinitialisation-expiree", "/reinitialisation/expire", status=410),
    *both("accessibilite", "/accessibilite"),
    *both("introuvable-adresse", "/pas/de/page/ici", status=404),
    # the address chooses the language; an unknown text id gets the plain refusal
    Visit("verification", "/verifier/" + ISSUED_TEXT, 200, "fr"),
    Visit("verificatie", "/verifieren/" + ISSUED_TEXT, 200, "nl"),
    Visit("verification-inconnue", "/verifier/" + "0" * 64, 404, "fr"),
    Visit("verificatie-onbekend", "/verifieren/" + "0" * 64, 404, "nl"),
    *both("liste", "/", READER_FR),
    *both("interpellation", INTERPELLATION, READER_FR),
    *both("interpellation-soumise", SUBMITTED, PRESIDENT, user_nl=COORDINATOR_NL),
    *both("difference", INTERPELLATION + "/diff", READER_FR),
    *both("version", f"{INTERPELLATION}/version/{LATEST}", READER_FR),
    *both("introuvable", MISSING, READER_FR, status=404),
    *both("invitations", "/invitations/", COORDINATOR, user_nl=COORDINATOR_NL),
    *both("profil", "/profil", READER_FR),
    *both("second-facteur", "/profil/second-facteur", READER_FR),
    *both("code", "/connexion/code", READER_FR),
    *both("nouvelle", "/interpellations/nouvelle", READER_FR),
    *both("interpellation-emise", ISSUED, COORDINATOR, user_nl=COORDINATOR_NL),
    *both("suivi", ISSUED + "/suivi", COORDINATOR, user_nl=COORDINATOR_NL),
    *both("suivi-refuse", INTERPELLATION + "/suivi", READER_FR, status=403),  # not issued
    *both("editeur", INTERPELLATION + "/modifier", COORDINATOR, user_nl=COORDINATOR_NL),
    *both("administration", "/administration/", COORDINATOR, user_nl=COORDINATOR_NL),
    *both(
        "admin-coordination", "/administration/coordination", COORDINATOR, user_nl=COORDINATOR_NL
    ),
    *both("admin-membres", "/administration/membres", COORDINATOR, user_nl=COORDINATOR_NL),
    *both(
        "admin-membre",
        "/administration/membres/martine-lenoir",
        COORDINATOR,
        user_nl=COORDINATOR_NL,
    ),
    *both("admin-autorites", "/administration/autorites", COORDINATOR, user_nl=COORDINATOR_NL),
    *both(
        "admin-autorite",
        "/administration/autorites/college-hautvallon",
        COORDINATOR,
        user_nl=COORDINATOR_NL,
    ),
    *both("admin-themes", "/administration/themes", COORDINATOR, user_nl=COORDINATOR_NL),
    *both("admin-fichier", "/administration/fichiers/membres", COORDINATOR, user_nl=COORDINATOR_NL),
    *both("admin-sauvegardes", "/administration/sauvegardes/", COORDINATOR, user_nl=COORDINATOR_NL),
]
WIDTHS = (1280, 360)


# A session per person for the whole sweep: logging in is not what these tests look at
_SESSIONS: dict[tuple[str, str], list[Any]] = {}


def _logged_in(page: Page, user: tuple[str, str]) -> None:
    if user in _SESSIONS:
        page.context.add_cookies(_SESSIONS[user])
        return
    login(page, *user)
    _SESSIONS[user] = page.context.cookies()


def _open(page: Page, visit: Visit, served: Served) -> Response | None:
    if visit.user:
        _logged_in(page, visit.user)
    response = _go(page, visit, served)
    if visit.user and urlsplit(page.url).path == "/connexion":  # the session was closed
        _SESSIONS.pop(visit.user, None)
        _logged_in(page, visit.user)
        response = _go(page, visit, served)
    return response


def _go(page: Page, visit: Visit, served: Served) -> Response | None:
    path = visit.path
    if ISSUED_TEXT in path:
        iid = InterpellationId.parse(ISSUED.removeprefix("/interpellations/"))
        store = Store.open(served.data)
        try:
            issued = load_interpellation(store.snapshot(), iid)
        finally:
            store.close()
        path = path.replace(ISSUED_TEXT, issued.text_id)
    if LATEST in unquote(path):
        page.goto(INTERPELLATION)
        latest = page.locator("a[href*='/version/']").first.get_attribute("href") or ""
        version = latest.rsplit("/", 1)[-1]
        path = path.replace(LATEST, version).replace(quote(LATEST), version)
    return page.goto(path)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("visit", PAGES, ids=[visit.name for visit in PAGES])
def test_page_has_no_accessibility_violation(
    page: Page, server: Served, visit: Visit, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    response = _open(page, visit, server)
    assert response is not None
    assert response.status == visit.status, f"{page.url}\n{server.log_tail()}"
    expect(page.locator("html")).to_have_attribute("lang", visit.language)
    screenshot(page, f"{visit.name}-{width}")
    check_accessibility(page)
    overflowing = page.evaluate(OVERFLOWING)
    assert not overflowing, f"wider than {width} CSS px:\n" + "\n".join(overflowing)


def test_every_page_of_the_route_table_is_visited(tmp_path: Path) -> None:
    """A page route (GET, not the API, the schema or a file) without a visit fails here."""
    app = create_app(Settings(data=tmp_path / "data", demo=False))
    pages = {
        route.path
        for route in app.routes
        if "GET" in getattr(route, "methods", ())
        and not route.path.startswith(("/api", "/schema", "/static", "/langue"))
        and route.path not in ("/healthz", "/readyz")
        # files, not pages: a letter's accessibility is its PDF's tags (test_letters.py)
        and "/lettres/" not in route.path
    }
    visited = {re.sub(r"^/langue/nl\?next=", "", v.path) for v in PAGES}

    def seen(pattern: str) -> bool:
        expression = re.sub(r"\{[^}]+\}", "[^/]+", pattern)
        paths = {unquote(path).split("?")[0].rstrip("/") or "/" for path in visited}
        return any(re.fullmatch(expression, path) for path in paths)

    assert sorted(p for p in pages if not seen(p)) == []


@pytest.mark.parametrize("path", ["/", INTERPELLATION])
def test_the_keyboard_skips_to_the_content(page: Page, path: str) -> None:
    login(page, *READER_FR)
    page.goto(path)
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # shown when focused, not only to screen readers
    page.keyboard.press("Enter")
    assert page.url.endswith("#contenu")
    page.keyboard.press("Tab")
    after = page.evaluate(
        """() => {
            const main = document.getElementById('contenu');
            const here = document.activeElement;
            return main.contains(here) ||
                Boolean(main.compareDocumentPosition(here) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    # not back in the header: inside the content or after it
    assert after, "the Tab after the skip link should go on from the main content"


def test_the_list_can_be_filtered_with_the_keyboard_alone(member_page: Page) -> None:
    page = member_page
    page.goto("/")
    page.locator("#f-q").focus()
    page.keyboard.type("logement")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=logement**")
    expect(page.locator("table.list a").first).to_be_visible()


def test_the_language_switch_works_with_the_keyboard(page: Page) -> None:
    login(page, *SWITCHER)
    page.goto(INTERPELLATION)
    page.locator("nav.languages a[hreflang=nl]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{INTERPELLATION}")
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_the_checker_reports_what_it_finds(page: Page) -> None:
    """The harness itself: a page with known faults fails, naming the rule and the element."""
    page.set_content(
        '<html><head><title>x</title></head><body><main><img src="x.png">'
        '<p style="color:#bbb;background:#fff">pâle</p></main></body></html>'
    )
    with pytest.raises(AssertionError) as failure:
        check_accessibility(page)
    message = str(failure.value)
    for rule in ("html-has-lang", "image-alt", "color-contrast"):
        assert rule in message
    assert '["img"]' in message


OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    const found = [];
    for (const element of document.querySelectorAll('body *')) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.right <= width + 1) continue;
        const child = [...element.children].some(c => c.getBoundingClientRect().right > width + 1);
        if (!child) found.push(`${element.tagName.toLowerCase()}.${element.className} ` +
            `(right edge at ${Math.round(box.right)} px)`);
    }
    return found;
}"""


CONTRAST = """() => {
    const channel = c => {
        c /= 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    const luminance = rgb => 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) +
        0.0722 * channel(rgb[2]);
    const parse = css => css.match(/[\\d.]+/g).map(Number);
    const element = document.activeElement;
    const style = getComputedStyle(element);
    let behind = element.parentElement, background = [255, 255, 255];
    while (behind) {
        const colour = parse(getComputedStyle(behind).backgroundColor);
        if (colour.length < 4 || colour[3] > 0) { background = colour; break; }
        behind = behind.parentElement;
    }
    const [a, b] = [luminance(parse(style.outlineColor)), luminance(background)];
    return {
        element: element.outerHTML.slice(0, 80),
        outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
        visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
    };
}"""


def test_the_focus_is_visible_with_enough_contrast(member_page: Page) -> None:
    """Every element reached with Tab shows an outline of 3:1 or more against its background."""
    page = member_page
    page.goto(INTERPELLATION)
    weak = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focus = page.evaluate(CONTRAST)
        if not focus["visible"] or focus["contrast"] < 3:
            weak.append(f"{focus['element']}: {focus['outline']} ({focus['contrast']:.1f}:1)")
    assert not weak, "focus indicators too faint:\n" + "\n".join(weak)

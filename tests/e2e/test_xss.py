"""Cross-site scripting: 100+ payloads in comments, replies, objections, answers, decisions,
a withdrawal and the texts, then every page they show on viewed in real Chromium.

A few payloads are typed through the browser, the rest posted through the pages'
own forms (with the session and the anti-forgery token, as a browser sends them),
and some written into a text's Markdown. No script may run: an alert, a call to
the page's `__xss` hook, a blocked inline script (a content-security-policy
violation), or an event-handler attribute or foreign script in the DOM counts as
one. A deliberately unescaped canary page proves the detector sees each kind.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote_plus

import pytest
from conftest import DEMO_PASSWORD
from coordination import ASSOCIATIVE, CPAS, DRAFTER, OUTSIDER, PRESIDENT
from gitcheck import hand_commit
from playwright.sync_api import Browser, Page

from e2e.conftest import Served, login, send, serve_store
from interpellations.acts.committee import submit
from interpellations.acts.drafting import create_interpellation
from interpellations.record.document import render_text
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.model import FrontMatter
from interpellations.record.store import Store

pytestmark = pytest.mark.e2e

TARGET = InterpellationId(2026, "accueil-de-jour")
DRAFT = InterpellationId(2026, "bains-douches")

# Each `{n}` becomes the payload's number, so that each can be found escaped on the page
PAYLOADS = [
    "<script>__xss({n})</script>",
    "<img src=x onerror=__xss({n})>",
    "<svg onload=__xss({n})>",
    "<svg><script>__xss({n})</script></svg>",
    "<body onload=__xss({n})>",
    '<iframe src="javascript:__xss({n})"></iframe>',
    '<a href="javascript:__xss({n})">lien {n}</a>',
    "[lien {n}](javascript:__xss({n}))",
    "<details open ontoggle=__xss({n})>",
    "<input autofocus onfocus=__xss({n})>",
    '"><script>__xss({n})</script>',
    "'><img src=x onerror=__xss({n})>",
    "</textarea><script>__xss({n})</script>",
    "</title><script>__xss({n})</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=__xss({n})>",
    '<object data="javascript:__xss({n})"></object>',
    '<embed src="javascript:__xss({n})">',
    '<video><source onerror="__xss({n})"></video>',
    "<marquee onstart=__xss({n})>x</marquee>",
    '<div style="background:url(javascript:__xss({n}))">{n}</div>',
    "{{{{ 7*7 }}}} {{% raw %}} <script>__xss({n})</script>",
    "<scr<script>ipt>__xss({n})</scr</script>ipt>",
    "&lt;script&gt;__xss({n})&lt;/script&gt;",
    '<form action="javascript:__xss({n})"><button>x{n}</button></form>',
    '<base href="javascript:__xss({n})//">',
    '<meta http-equiv="refresh" content="0;url=javascript:__xss({n})">',
    '<link rel=stylesheet href="javascript:__xss({n})">',
    '<noscript><p title="</noscript><img src=x onerror=__xss({n})>">',
    '<a href="&#106;avascript:__xss({n})">x{n}</a>',
    '<svg><a xlink:href="javascript:__xss({n})"><text>x{n}</text></a></svg>',
]


def payloads(count: int, start: int = 0) -> list[str]:
    """`count` payloads, numbered from `start`, cycling through the kinds."""
    return [PAYLOADS[(start + i) % len(PAYLOADS)].format(n=start + i) for i in range(count)]


WATCH = """
    window.__hits = [];
    window.__xss = n => window.__hits.push('called ' + n);
    window.alert = window.confirm = window.prompt = n => window.__hits.push('dialog ' + n);
    document.addEventListener('securitypolicyviolation',
        e => window.__hits.push('blocked ' + e.violatedDirective + ' ' + (e.sample || '')));
"""
FOREIGN = """() => {
    const found = [];
    for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
            const value = attribute.value.trim().toLowerCase();
            if (attribute.name.startsWith('on') || value.startsWith('javascript:'))
                found.push(element.tagName + ' ' + attribute.name);
        }
    }
    for (const script of document.scripts)
        if (!script.src.includes('/static/')) found.push('script ' + script.outerHTML.slice(0, 60));
    for (const tag of ['iframe', 'object', 'embed', 'base', 'meta[http-equiv]', 'svg script'])
        for (const element of document.querySelectorAll(tag)) found.push(tag);
    return found;
}"""


def ran(page: Page) -> list[str]:
    """What the page ran or tried to run of a payload, and what of one its DOM holds."""
    page.wait_for_timeout(150)  # event handlers of late-loading elements
    hits: list[str] = page.evaluate("window.__hits || []")
    return hits + page.evaluate(FOREIGN)


@pytest.fixture(scope="module")
def xss_server(_registre: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The tests' registre, one submitted text and one draft with payloads in their Markdown."""
    folder = tmp_path_factory.mktemp("xss")
    shutil.copytree(_registre, folder / "data", symlinks=True)
    store = Store.open(folder / "data")
    planted = {}
    for iid, title in ((TARGET, "Accueil de jour"), (DRAFT, "Bains-douches")):
        front = FrontMatter(
            title=title, theme="logement", group="gt-logement",
            addressees=["college-valbrune"], copies=[],
        )  # fmt: skip
        plain = {"constats": "Les places manquent.", "avis": "La coordination s'inquiète.",
                 "propositions": "1. Ouvrir des places."}  # fmt: skip
        create_interpellation(store, DRAFTER, front, plain, slug=iid.slug)
        sections = {
            "constats": "Les places manquent.\n\n" + "\n\n".join(payloads(5, 900)),
            "avis": "La coordination s'inquiète. " + " ".join(payloads(3, 905)),
            "propositions": "1. Ouvrir des places.\n2. " + payloads(1, 908)[0],
        }
        planted[iid.path("texte.fr.md")] = render_text(front, sections)
    # the service refuses code in a text it saves: the payloads come in as a member with
    # push rights could bring them, by a commit made by hand
    hand = ("Hugo Petit", DRAFTER)
    hand_commit(folder / "data", folder / "hand-1", hand, planted, "Ajoute des exemples")
    submit(store, DRAFTER, TARGET)
    raw = load_interpellation(store.snapshot(), DRAFT).files["texte.fr.md"].decode()
    added = {DRAFT.path("texte.fr.md"): raw + "\n" + payloads(1, 909)[0] + "\n"}
    hand_commit(folder / "data", folder / "hand-2", hand, added, "Ajoute un paragraphe")
    yield from serve_store(store, folder)


def as_person(browser: Browser, served: Served, email: str) -> Page:
    page = browser.new_context(base_url=served.base_url, locale="fr-BE").new_page()
    page.add_init_script(WATCH)
    return login(page, email, DEMO_PASSWORD)


def post_form(page: Page, path: str, fields: dict[str, str | list[str]]) -> None:
    """Send a form of the page at `path` as the browser would (its cookies, its token)."""
    page.goto(f"/interpellations/{TARGET}")
    token = page.locator("input[name=_csrf_token]").first.get_attribute("value") or ""
    data = "&".join(
        f"{key}={quote_plus(value)}"
        for key, values in {**fields, "_csrf_token": token}.items()
        for value in (values if isinstance(values, list) else [values])
    )
    answer = page.request.post(
        path, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"},
        max_redirects=0,
    )  # fmt: skip
    assert answer.status in (303, 403, 422), (path, answer.status, answer.text()[:300])


def test_the_detector_sees_a_script_run(browser: Browser) -> None:
    """The canary: the same payloads, unescaped on a page without our policy, are caught."""
    page = browser.new_context().new_page()
    page.add_init_script(WATCH)
    unescaped = "<html><body>" + "".join(payloads(3)) + "</body></html>"
    # served by the test itself (no network): a page that forgot to escape
    page.route("http://canary.test/", lambda route: route.fulfill(body=unescaped,
               content_type="text/html"))  # fmt: skip
    page.goto("http://canary.test/")
    found = ran(page)
    assert any(hit.startswith("called") for hit in found), found
    assert any("onerror" in hit.lower() for hit in found), found
    page.close()


def test_no_payload_runs_anywhere(browser: Browser, xss_server: Served) -> None:
    base = f"/interpellations/{TARGET}"
    number = 0

    # typed through the browser
    nora = as_person(browser, xss_server, OUTSIDER)
    for payload in payloads(4, number):
        nora.goto(base)
        nora.locator("#comment-body").fill(payload)
        send(nora, nora.locator("form.comment-form button[type=submit]"))
    number += 4
    # posted through the forms: comments, replies, answers, objections, decisions, withdrawal
    for payload in payloads(30, number):
        post_form(nora, f"{base}/commentaires", {"body": payload})
    number += 30
    nora.goto(base)
    threads = re.findall(r'name="reply_to" value="([^"]+)"', nora.content())
    for thread, payload in zip(threads, payloads(20, number), strict=False):
        post_form(nora, f"{base}/commentaires", {"body": payload, "reply_to": thread})
    number += 20

    objector = as_person(browser, xss_server, CPAS[1])
    objector.goto(base)
    text_id = objector.locator("input[name=text_id]").first.get_attribute("value") or ""
    for payload in payloads(20, number):
        post_form(objector, f"{base}/objections", {"text_id": text_id, "reason": payload,
                                                  "section": "avis"})  # fmt: skip
    number += 20
    objector.goto(base)
    objections = re.findall(r'action="[^"]+/objections/([^/"]+)/reponse"', objector.content())
    for objection, payload in zip(objections, payloads(20, number), strict=False):
        post_form(nora, f"{base}/objections/{objection}/reponse", {"body": payload})
    number += 20
    chair = as_person(browser, xss_server, PRESIDENT)
    present = CPAS[:3] + ASSOCIATIVE[:3]
    for objection, payload in zip(objections[:10], payloads(10, number), strict=False):
        post_form(chair, f"{base}/objections/{objection}/decision",
                  {"outcome": "overruled", "present": present, "reason": payload})  # fmt: skip
    number += 10
    drafter = as_person(browser, xss_server, DRAFTER)
    post_form(drafter, f"/interpellations/{DRAFT}/retirer", {"reason": payloads(1, number)[0]})
    number += 1
    assert number >= 100

    # every page they show on, as each of them sees it
    pages = [
        "/", base, f"{base}/diff", f"/interpellations/{DRAFT}", f"/interpellations/{DRAFT}/diff",
        f"/interpellations/{TARGET}?page=2", "/?q=script", "/profil",
    ]  # fmt: skip
    for person in (nora, objector, chair, drafter):
        for path in pages:
            person.goto(path)
            assert not ran(person), f"{path} as {person.url}: {ran(person)}"
        person.goto(base)
        versions = person.locator("a[href*='/version/']")
        for href in versions.evaluate_all("links => links.slice(0, 3).map(a => a.href)"):
            person.goto(href)
            assert not ran(person), href
    shown = nora.goto(base)
    assert shown is not None
    text = nora.locator("main").inner_text()
    assert "<script>__xss(0)</script>" in text  # the words are shown, as words
    assert "<img src=x onerror=__xss(1)>" in text
    for person in (nora, objector, chair, drafter):
        person.context.close()

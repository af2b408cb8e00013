"""The browser test harness: a real server, Debian's Chromium, axe-core and screenshots.

- `server` (session): `python -m server` on a free loopback port with its own demo
  record in a temporary folder, exactly as `make serve` starts it.
- `browser` (session): one headless Chromium, Debian's `/usr/bin/chromium` launched by
  Playwright through its executable path (Playwright never downloads a browser here),
  with the flags a root user on a closed network needs.
- `context` / `page` (per test): a fresh browser context (no cookies, French), whose
  relative URLs go to the server: `page.goto("/")`.
- `check_accessibility(page)`: axe-core's WCAG 2.0/2.1 A and AA rules, zero violations.
- `screenshot(page, name)`: a full-page PNG under `var/screenshots/` (git-ignored).
- `login(page, email, password)`: the login form at `/connexion`.

Playwright's sync API runs its own event loop in a greenlet: the fixtures stay
synchronous and no test here may be a coroutine.
"""

from __future__ import annotations

import functools
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import web_settings
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Playwright,
    sync_playwright,
)

from interpellations.record.store import Store
from server.demo_accounts import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"
# As root (no sandbox), headless (no GPU), and quiet on a closed network: without the
# background-networking flags Chromium keeps opening connections that are refused.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 15_000

# People of the demo record (every one has the demo password), by the language of their
# account: a logged-in page is in the person's language, and the language switch changes
# it for the rest of the run, so a test that switches uses someone no other test uses.
READER_FR = ("samira.haddad@droitautoit.example", DEMO_PASSWORD)
READER_NL = ("bram.peeters@debrug-vzw.example", DEMO_PASSWORD)
SWITCHER = ("claire.dumont@lire-ensemble.example", DEMO_PASSWORD)


@dataclass(frozen=True)
class Served:
    """The service under test: where it answers and where it keeps its files."""

    base_url: str
    data: Path
    outbox: Path  # mail of the demo (no SMTP host): read invitations and reset links here
    log: Path  # what the server printed (its errors too)

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback only
            return True
    except (OSError, urllib.error.URLError):
        return False


def serve(folder: Path, settings: dict[str, str]) -> Iterator[Served]:
    """`python -m server` on a free port of the loopback, with these settings."""
    port = _free_port()
    served = Served(
        base_url=f"http://127.0.0.1:{port}",
        data=Path(settings["INTERPELLATIONS_DATA"]),
        outbox=folder / "outbox",
        log=folder / "server.log",
    )
    # none of the caller's INTERPELLATIONS_* settings (an SMTP host would send real mail)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("INTERPELLATIONS_")},
        "INTERPELLATIONS_OUTBOX": str(served.outbox),
        "INTERPELLATIONS_HOST": "127.0.0.1",
        "INTERPELLATIONS_PORT": str(port),
        "INTERPELLATIONS_BASE_URL": served.base_url,
        **settings,
    }
    log = served.log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "server"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 120  # the demo record is built at first start
        while not _answers(f"{served.base_url}/healthz"):
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(f"the service did not start:\n{served.log_tail(200)}")
            time.sleep(0.1)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def serve_store(store: Store, folder: Path) -> Iterator[Served]:
    """`python -m server` on a record prepared by the test (closed here), every member with
    the tests' password."""
    settings = web_settings(store, folder)
    store.close()
    yield from serve(
        folder,
        {
            "INTERPELLATIONS_DEMO": "false",
            "INTERPELLATIONS_DATA": str(settings.data),
            "INTERPELLATIONS_ACCOUNTS": str(settings.accounts_path),
            "INTERPELLATIONS_INDEX": str(settings.index_path),
            "INTERPELLATIONS_SECRET": settings.secret,
        },
    )


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`python -m server` with a fresh demo record, exactly as `make serve` starts it."""
    folder = tmp_path_factory.mktemp("e2e")
    settings = {
        "INTERPELLATIONS_DEMO": "true",
        "INTERPELLATIONS_DATA": str(folder / "registre.git"),
        "INTERPELLATIONS_BACKUP_REMOTE": str(folder / "sauvegarde.git"),
        "INTERPELLATIONS_BACKUP_FOLDER": str(folder / "sauvegardes"),
    }
    yield from serve(folder, settings)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One headless Debian Chromium for the whole run."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    launched = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, timeout=60_000
    )
    yield launched
    launched.close()


@pytest.fixture
def context(browser: Browser, server: Served) -> Iterator[BrowserContext]:
    """A fresh context per test: no cookie, no session, the browser's language French.

    The pages' content security policy stays in force, so that the tests and the
    screenshots see what a person sees (an inline style or script would be blocked).
    """
    fresh = browser.new_context(
        base_url=server.base_url, locale="fr-BE", viewport={"width": 1280, "height": 900}
    )
    fresh.set_default_timeout(TIMEOUT_MS)
    yield fresh
    fresh.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def member_page(page: Page) -> Page:
    """A page logged in as a French-speaking member of the demo (skipped without login)."""
    return login(page, *READER_FR)


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def check_accessibility(page: Page) -> None:
    """Run axe-core (WCAG 2.0 and 2.1, levels A and AA) on the page: zero violations."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: `make test` installs axe-core with `npm ci`")
    # Evaluated through the DevTools protocol, which the page's CSP does not govern;
    # `page.add_script_tag(path=AXE)` adds an inline script that `script-src 'self'` refuses.
    page.evaluate(_axe_source())
    violations: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: tags, resultTypes: ['violations']});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target, html: n.html, failureSummary: n.failureSummary,
                })),
            }));
        }""",
        WCAG_AA,
    )
    assert not violations, (
        f"{len(violations)} accessibility violation(s) on {page.url}:\n{_describe(violations)}"
    )


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG as `var/screenshots/<name>.png` and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name).strip('-')}.png"
    page.screenshot(path=target, full_page=True)
    return target


def send(page: Page, button: Locator) -> None:
    """Press a form's button and wait for the answer to show.

    An act's form is sent in the background and the page's content replaced in place
    (`static/acts.js`); other forms load a new page. Either way the `main` element
    shown afterwards is not the one that was there before.
    """
    page.evaluate("window.__before = document.querySelector('main')")
    button.click()
    page.wait_for_function(
        "() => document.querySelector('main') !== null"
        " && document.querySelector('main') !== window.__before"
    )
    page.wait_for_load_state()


def login(page: Page, email: str, password: str) -> Page:
    """Log in through the form at `/connexion`; skip the test while that page does not exist."""
    response = page.goto("/connexion")
    if response is None or response.status == 404:
        pytest.skip("/connexion does not exist yet: the login pages are not built")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").click()
    if page.url.split("?")[0].endswith("/connexion"):
        alert = page.locator("[role=alert]")
        reason = alert.first.inner_text() if alert.count() else "no message"
        pytest.fail(f"login as {email} failed: {reason}")
    return page

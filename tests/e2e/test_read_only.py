"""A registre broken behind the guards' back, in real Chromium on a real server.

The service starts on a registre whose housing journal was broken by a commit put
in the branch directly (as a disk restored from a backup could hold it): the
interpellation is read-only on its own, saying why and since when, while the rest
of the record is read and written as usual; a fixing push makes it writable again.
Then the record's own `membres.yaml` breaks: everything is read-only, logging in
and reading still work, and the fix brings it back. Screenshots of both states.
"""

from __future__ import annotations

import json
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DEMO_PASSWORD
from coordination import COORDINATOR, OUTSIDER
from gitcheck import hand_commit
from playwright.sync_api import Browser, Page, expect
from registre import HEALTH, HOUSING

from e2e.conftest import Served, check_accessibility, login, screenshot, send, serve_store
from interpellations.record.store import Store, run_git

HAND = ("Ana Martin", "ana@example.org")
JOURNAL = f"{HOUSING.folder}/journal.yaml"


def edit_by_hand(data: Path, folder: Path, file: str, old: str, new: str, *, push: bool) -> str:
    """A clone, one replacement in `file`, a commit; pushed through the guards, or put in
    the branch directly past them (`push=False`). The new version."""
    text = run_git(data, "show", f"main:{file}") + "\n"
    assert old in text, (file, old)
    clone = folder / f"clone-{len(list(folder.glob('clone-*')))}"
    return hand_commit(
        data, clone, HAND, {file: text.replace(old, new, 1)}, "Main", directly=not push
    )


def readiness(served: Served) -> dict[str, object]:
    try:
        with urllib.request.urlopen(f"{served.base_url}/readyz", timeout=5) as answer:  # noqa: S310
            body: dict[str, object] = json.load(answer)
    except urllib.error.HTTPError as refused:  # 503 while the whole record is read-only
        body = json.load(refused)
    return body


@pytest.fixture(scope="module")
def broken_server(_registre: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("read-only")
    shutil.copytree(_registre, folder / "data", symlinks=True)
    edit_by_hand(folder / "data", folder, JOURNAL, "- id: ", "- id: [oups ", push=False)
    yield from serve_store(Store.open(folder / "data"), folder)


def open_as(browser: Browser, served: Served, email: str) -> Page:
    context = browser.new_context(base_url=served.base_url, locale="fr-BE")
    context.set_default_timeout(15_000)
    return login(context.new_page(), email, DEMO_PASSWORD)


def test_a_broken_part_is_read_only_and_recovers(
    browser: Browser, broken_server: Served, tmp_path: Path
) -> None:
    nora = open_as(browser, broken_server, OUTSIDER)

    nora.goto(f"/interpellations/{HOUSING}")
    banner = nora.locator(".read-only")
    expect(banner).to_contain_text("Cette interpellation est en lecture seule.")
    expect(banner).to_contain_text(f"{JOURNAL}:")
    expect(banner).to_contain_text("dernière version valide")
    expect(nora.locator("textarea#comment-body")).to_have_count(0)
    expect(nora.locator("h1")).to_have_text("Logements vides")
    check_accessibility(nora)
    screenshot(nora, "read-only-interpellation")
    broken = readiness(broken_server)["broken"]
    assert [b["part"] for b in broken] == [str(HOUSING)]  # type: ignore[index]

    nora.goto(f"/interpellations/{HEALTH}")  # the rest of the record: written as usual
    expect(nora.locator(".read-only")).to_have_count(0)
    nora.locator("textarea#comment-body").fill("Le reste du registre vit.")
    send(nora, nora.locator("form.comment-form button[type=submit]"))
    expect(nora.locator("article.comment", has_text="Le reste du registre vit.")).to_be_visible()

    edit_by_hand(broken_server.data, tmp_path, JOURNAL, "- id: [oups ", "- id: ", push=True)
    nora.goto(f"/interpellations/{HOUSING}")
    expect(nora.locator(".read-only")).to_have_count(0)
    nora.locator("textarea#comment-body").fill("Réparé, on continue.")
    send(nora, nora.locator("form.comment-form button[type=submit]"))
    expect(nora.locator("article.comment", has_text="Réparé, on continue.")).to_be_visible()
    assert readiness(broken_server)["broken"] == []

    members = "side: associatif"
    edit_by_hand(broken_server.data, tmp_path, "membres.yaml", members, "side: x", push=False)
    gaelle = open_as(browser, broken_server, COORDINATOR)  # logging in works
    expect(gaelle.locator(".read-only")).to_contain_text("Le registre est en lecture seule.")
    expect(gaelle.locator(".read-only")).to_contain_text("membres.yaml:")
    expect(gaelle.locator("table.list a", has_text="Logements vides")).to_be_visible()
    gaelle.goto(f"/interpellations/{HEALTH}")
    expect(gaelle.locator("article.comment", has_text="Le reste du registre vit.")).to_be_visible()
    expect(gaelle.locator("textarea#comment-body")).to_have_count(0)  # no act offered
    check_accessibility(gaelle)
    screenshot(gaelle, "read-only-record")
    assert readiness(broken_server)["record"] == "read-only"

    edit_by_hand(broken_server.data, tmp_path, "membres.yaml", "side: x", members, push=True)
    gaelle.goto(f"/interpellations/{HEALTH}")
    expect(gaelle.locator(".read-only")).to_have_count(0)
    gaelle.locator("textarea#comment-body").fill("Tout est réparé.")
    send(gaelle, gaelle.locator("form.comment-form button[type=submit]"))
    expect(gaelle.locator("article.comment", has_text="Tout est réparé.")).to_be_visible()
    assert readiness(broken_server)["record"] == "ok"

"""The restore drill: the machine is lost; the backup remote and the database's copy remain.

A service with both backups configured serves the tests' registre and records a
few acts; then a new service starts on a clone of the remote and the newest copy
of the database, as the README says to do: every page, every approval state and
every login are the same as before.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from conftest import DEMO_PASSWORD, log_in, web_settings
from coordination import COORDINATOR, OUTSIDER
from litestar.testing import TestClient
from registre import HEALTH

from interpellations.record.loading import load_record
from interpellations.record.store import Store, run_git
from interpellations.settings import Settings
from server.app import create_app

Client = TestClient  # type: ignore[type-arg]


def backed_up(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(
        update={
            "backup_remote": str(tmp_path / "ailleurs" / "registre.git"),
            "backup_folder": tmp_path / "ailleurs" / "base",
        }
    )


def pages_of(client: Client) -> dict[str, str]:
    """What a person sees: the list, every interpellation, the API's approval states."""
    home = client.get("/").text
    links = sorted(set(re.findall(r'href="(/interpellations/\d{4}/[a-z0-9-]+)"', home)))
    assert links
    seen = {path: client.get(path).text for path in ["/", *links]}
    seen |= {f"/api{path}": client.get(f"/api{path}").text for path in links}
    # the anti-forgery token differs per browser, and nothing else should
    return {k: re.sub(r'value="[^"]{40,}"', 'value="…"', v) for k, v in seen.items()}


def comment(client: Client, words: str) -> None:
    page = f"/interpellations/{HEALTH}"
    token = re.search(r'name="_csrf_token" value="([^"]+)"', client.get(page).text)
    assert token
    sent = client.post(
        f"{page}/commentaires",
        data={"body": words, "_csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert sent.status_code == 303


def wait_until_pushed(client: Client) -> None:
    deadline = time.monotonic() + 30
    while (remote := client.get("/readyz").json()["backup"]["remote"])["unpushed"]:
        assert time.monotonic() < deadline, remote
        time.sleep(0.05)
    assert remote["last_push"] and not remote["failing"] and not remote["error"]


def test_the_restore_drill(registre: Store, tmp_path: Path) -> None:
    (tmp_path / "avant").mkdir()
    settings = backed_up(web_settings(registre, tmp_path / "avant"), tmp_path)
    members = [m.email for m in load_record(registre.snapshot()).members]
    with TestClient(create_app(settings)) as before:
        assert log_in(before, OUTSIDER).status_code == 303
        comment(before, "Avant la perte du serveur.")
        assert log_in(before, COORDINATOR).status_code == 303
        sent = before.post(
            "/administration/sauvegardes/",
            data={"_csrf_token": before.cookies["csrftoken"]},
            follow_redirects=False,
        )
        assert sent.status_code == 303
        backups = before.get("/administration/sauvegardes/").text
        assert "Le dépôt de sauvegarde a toutes les versions du registre." in backups
        wait_until_pushed(before)
        shown = pages_of(before)
        head = registre.head()

    # the machine is lost: a new one gets the remote's branch and the newest copy
    restored = tmp_path / "nouveau"
    run_git(
        tmp_path,
        "clone",
        "--quiet",
        "--bare",
        str(tmp_path / "ailleurs" / "registre.git"),
        str(restored / "registre.git"),
    )
    copies = sorted((tmp_path / "ailleurs" / "base").glob("accounts-*.sqlite"))
    shutil.copyfile(copies[-1], restored / "accounts.sqlite")
    again = Settings(
        data=restored / "registre.git",
        index=restored / "index.sqlite",
        accounts=restored / "accounts.sqlite",
        outbox=restored / "outbox",
        secret=settings.secret,
        demo=False,
    )
    with TestClient(create_app(again)) as after:
        assert Store.open(again.data).head() == head
        assert log_in(after, COORDINATOR).status_code == 303
        assert pages_of(after) == shown
        assert "Avant la perte du serveur." in after.get(f"/interpellations/{HEALTH}").text
        for email in members:
            after.cookies.clear()
            assert log_in(after, email, DEMO_PASSWORD).status_code == 303, email

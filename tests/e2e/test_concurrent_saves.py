"""Sixteen people saving one text at once, through HTTP on a real server: nothing acknowledged lost.

Each client owns one paragraph of the findings and saves it 50 times through
`PUT /api/…/text`, each time from the version it last saw: the service merges
the others' saves meanwhile. Every acknowledged save must be in the history
(its version holds the client's paragraph as sent), the final text holds every
client's last paragraph, and `git fsck` finds nothing wrong.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from conftest import DEMO_PASSWORD
from coordination import ASSOCIATIVE, COORDINATOR, CPAS, DRAFTER
from gitcheck import fsck

from e2e.conftest import Served, serve_store
from interpellations.acts.drafting import create_interpellation
from interpellations.record.ids import InterpellationId
from interpellations.record.model import FrontMatter
from interpellations.record.store import Store

pytestmark = pytest.mark.e2e
CLIENTS = 16
SAVES = 50
EDITORS = [CPAS[2], COORDINATOR, DRAFTER, ASSOCIATIVE[3]]  # the housing group and a coordinator


def paragraph(client: int, save: int) -> str:
    return f"Le client {client} en est à sa version {save}."


@pytest.fixture(scope="module")
def served(
    _registre: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Served, InterpellationId]]:
    folder = tmp_path_factory.mktemp("concurrent-saves")
    shutil.copytree(_registre, folder / "data", symlinks=True)
    store = Store.open(folder / "data")
    front = FrontMatter(
        title="Seize plumes", theme="logement", group="gt-logement", addressees=["conseil-cpas"]
    )
    findings = "\n\n".join(paragraph(client, 0) for client in range(CLIENTS))
    sections = {"constats": findings, "avis": "Un avis.", "propositions": "1. Une proposition."}
    iid, _ = create_interpellation(store, DRAFTER, front, sections)
    yield from ((served, iid) for served in serve_store(store, folder))


def _writer(base_url: str, iid: InterpellationId, client: int) -> list[tuple[int, str]]:
    """Save this client's paragraph SAVES times; the (save, version) of each acknowledged."""
    acknowledged = []
    with httpx.Client(base_url=base_url, timeout=60) as http:
        email = EDITORS[client % len(EDITORS)]
        token = http.post("/api/session", json={"email": email, "password": DEMO_PASSWORD})
        headers = {"Authorization": f"Bearer {token.json()['token']}"}
        for save in range(1, SAVES + 1):
            # the text as it stands, then this client's paragraph changed: saved from there
            read = http.get(f"/api/interpellations/{iid}", headers=headers).json()
            text = read["texts"][0]["file"]
            mine = text.replace(paragraph(client, save - 1), paragraph(client, save))
            body = {"base": read["version"], "texts": {"fr": mine}}
            answer = http.put(f"/api/interpellations/{iid}/text", json=body, headers=headers)
            assert answer.status_code == 200, answer.text  # separate paragraphs always merge
            acknowledged.append((save, answer.json()["version"]))
    return acknowledged


def test_sixteen_clients_saving_fifty_times_lose_nothing(
    served: tuple[Served, InterpellationId],
) -> None:
    server, iid = served
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(lambda c: _writer(server.base_url, iid, c), range(CLIENTS)))
    store = Store.open(server.data)
    try:
        for client, acknowledged in enumerate(results):
            assert len(acknowledged) == SAVES
            for save, version in acknowledged:
                text = (store.read(iid.path("texte.fr.md"), version) or b"").decode()
                assert paragraph(client, save) in text, (client, save, version)
        final = (store.read(iid.path("texte.fr.md")) or b"").decode()
        for client in range(CLIENTS):
            assert paragraph(client, SAVES) in final
    finally:
        store.close()
    fsck(server.data)

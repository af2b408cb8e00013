"""Writing through the API: texts saved against their base, conflicts as regions, working copies.

The same acts as the pages: a save is one commit by the token's person
(`Via: api`); an overlap is a 409 problem whose `files` carry the writer's text
intact beside the other one, region by region, and nothing is written; the
working copy is never a commit.
"""

from __future__ import annotations

import pytest
from conftest import DEMO_PASSWORD
from coordination import COORDINATOR, DRAFTER
from gitcheck import git_log
from litestar.testing import TestClient
from registre import DEPOSIT

from interpellations.acts.drafting import edit_texts
from interpellations.record.document import TEXT_MAX
from interpellations.record.interpellation import load_interpellation
from interpellations.record.model import Language
from interpellations.record.store import Store

Client = TestClient  # type: ignore[type-arg]
TEXT = f"/api/interpellations/{DEPOSIT}/text"
COPY = f"/api/interpellations/{DEPOSIT}/autosave"


@pytest.fixture
def bearer(visitor: Client) -> dict[str, str]:
    answer = visitor.post("/api/session", json={"email": DRAFTER, "password": DEMO_PASSWORD})
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def _french(store: Store) -> str:
    return load_interpellation(store.snapshot(), DEPOSIT).files["texte.fr.md"].decode()


def test_a_save_is_one_commit_by_the_writer(
    visitor: Client, bearer: dict[str, str], registre: Store
) -> None:
    text = _french(registre) + "\nUne phrase de l'API.\n"
    body = {"base": registre.head(), "texts": {"fr": text}, "message": "Ajoute une phrase"}
    answer = visitor.put(TEXT, json=body, headers=bearer)
    assert answer.status_code == 200, answer.text
    assert answer.json()["version"] == registre.head()
    entry = git_log(registre.path)[0]
    assert entry.author[1] == DRAFTER and entry.subject == "Ajoute une phrase"
    assert (entry.trailers["Action"], entry.trailers["Via"]) == ("edit", "api")


def test_an_overlap_is_a_409_with_regions_and_nothing_written(
    visitor: Client, bearer: dict[str, str], registre: Store
) -> None:
    base = registre.head()
    start = _french(registre)
    line = start.splitlines()[-1]
    edit_texts(
        registre, COORDINATOR, DEPOSIT, {Language.FR: start.replace(line, "Leur ligne.")}, base
    )
    head = registre.head()
    mine = start.replace(line, "Ma ligne.")
    answer = visitor.put(TEXT, json={"base": base, "texts": {"fr": mine}}, headers=bearer)
    assert answer.status_code == 409
    problem = answer.json()
    assert (problem["code"], problem["head"]) == ("edit_conflict", head)
    [file] = problem["files"]
    assert file["language"] == "fr" and file["mine"] == mine and file["base"] == start
    conflict = [r for r in file["regions"] if r["kind"] == "conflict"]
    assert conflict == [{"kind": "conflict", "base": line + "\n", "mine": "Ma ligne.\n",
                         "theirs": "Leur ligne.\n"}]  # fmt: skip
    assert "".join(r["mine"] for r in file["regions"]) == mine
    assert registre.head() == head


def test_bad_texts_are_refused_and_change_nothing(
    visitor: Client, bearer: dict[str, str], registre: Store
) -> None:
    head = registre.head()
    broken = {"base": head, "texts": {"fr": "pas de front matter"}}
    answer = visitor.put(TEXT, json=broken, headers=bearer)
    assert answer.status_code == 422 and answer.json()["code"] == "invalid_document"
    huge = {"base": head, "texts": {"fr": "x" * (TEXT_MAX + 1)}}
    assert visitor.put(TEXT, json=huge, headers=bearer).status_code == 400
    escape = visitor.put("/api/interpellations/2026/..%2Fetc/text", json=broken, headers=bearer)
    assert escape.status_code == 404
    assert registre.head() == head


def test_the_working_copy_is_never_a_commit(
    visitor: Client, bearer: dict[str, str], registre: Store
) -> None:
    head = registre.head()
    assert visitor.get(COPY, headers=bearer).status_code == 404
    body = {"base": head, "texts": {"fr": "Un brouillon, même invalide."}}
    kept = visitor.put(COPY, json=body, headers=bearer)
    assert kept.status_code == 200 and kept.json()["base"] == head
    assert visitor.get(COPY, headers=bearer).json()["texts"] == {
        "fr": "Un brouillon, même invalide."
    }
    assert visitor.delete(COPY, headers=bearer).status_code == 204
    assert visitor.get(COPY, headers=bearer).status_code == 404
    assert registre.head() == head

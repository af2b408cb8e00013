"""The reading pages, in-process, on a real data repository."""

from __future__ import annotations

from pathlib import Path

import pytest
from gitcheck import hand_commit as commit_by_hand
from litestar.testing import TestClient

from interpellations.errors import DomainError
from interpellations.record.store import Store
from server.service import ServiceLocked, start_service


def hand_commit(data: Path, tmp_path: Path, file: str, old: str, new: str) -> None:
    """A coordinator's correction: clone, edit, commit, push back."""
    text = (Store.open(data).read(file) or b"").decode()
    commit_by_hand(
        data,
        tmp_path / "clone",
        ("Ana Martin", "ana@example.org"),
        {file: text.replace(old, new)},
        "Correction à la main",
    )


def test_home_lists_the_interpellations(client: TestClient) -> None:  # type: ignore[type-arg]
    page = client.get("/")
    assert page.status_code == 200
    assert "Immeubles vides et pénurie de logements abordables" in page.text
    assert "Soumise au comité" in page.text
    assert "12 interpellations affichées sur 12" in page.text


def test_search_and_filters(client: TestClient) -> None:  # type: ignore[type-arg]
    found = client.get("/", params={"q": "garantie locative"}).text
    found = found[found.index('<table class="list"') :]  # the list, not the agenda above it
    assert "Garantie locative" in found
    assert "Aide médicale urgente" not in found
    drafts = client.get("/", params={"state": "draft"}).text
    drafts = drafts[drafts.index('<table class="list"') :]
    assert "Immeubles vides" not in drafts


def test_interpellation_page_shows_both_languages_and_comments(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    page = client.get("/interpellations/2025/logements-vides").text
    assert "Texte français" in page and "Texte néerlandais" in page
    assert "Vaststellingen" in page and "Constats" in page
    assert "une taxe réellement perçue" in page  # the passage a comment is anchored to
    assert "Annelies Wouters" in page  # people by name, not by e-mail
    assert "Historique" in page


def test_the_same_page_in_dutch(client: TestClient) -> None:  # type: ignore[type-arg]
    switched = client.get(
        "/langue/nl",
        params={"next": "/interpellations/2025/logements-vides"},
        follow_redirects=False,
    )
    assert switched.status_code in (302, 303)
    assert switched.headers["location"] == "/interpellations/2025/logements-vides"
    page = client.get("/interpellations/2025/logements-vides").text  # the cookie is remembered
    assert '<html lang="nl">' in page
    assert "Geschiedenis" in page and "Goedgekeurd" in page


def test_language_switch_never_redirects_elsewhere(client: TestClient) -> None:  # type: ignore[type-arg]
    switched = client.get("/langue/nl", params={"next": "//evil.example/"}, follow_redirects=False)
    assert switched.headers["location"] == "/"


@pytest.mark.parametrize(
    "path",
    [
        "/interpellations/2025/absente",
        "/interpellations/2025/..",
        "/interpellations/2025/--all",
        "/interpellations/1/x",
    ],
)
def test_unknown_or_forged_ids_are_not_found(client: TestClient, path: str) -> None:  # type: ignore[type-arg]
    page = client.get(path)
    assert page.status_code == 404
    assert "Page introuvable" in page.text or "n'existe pas" in page.text


def test_security_headers(client: TestClient) -> None:  # type: ignore[type-arg]
    headers = client.get("/").headers
    assert "object-src 'none'" in headers["content-security-policy"]
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_a_bad_hand_commit_turns_the_service_read_only(
    client: TestClient,
    demo_store: Store,
    tmp_path: Path,  # type: ignore[type-arg]
) -> None:
    hand_commit(demo_store.path, tmp_path, "membres.yaml", "side: associatif", "side: mutualite")
    page = client.get("/").text
    assert "Le registre est en lecture seule." in page
    assert "membres.yaml" in page and "mutualite" in page


def test_a_hand_commit_is_picked_up(
    client: TestClient,
    demo_store: Store,
    tmp_path: Path,  # type: ignore[type-arg]
) -> None:
    hand_commit(
        demo_store.path,
        tmp_path,
        "interpellations/2025/logements-vides/texte.fr.md",
        "title: Immeubles vides",
        "title: Bâtiments vides",
    )
    assert "Bâtiments vides et pénurie" in client.get("/").text
    history = client.get("/interpellations/2025/logements-vides").text
    assert "Correction à la main" in history and "Ana Martin" in history


def test_the_service_refuses_an_invalid_record(demo_store: Store, tmp_path: Path) -> None:
    hand_commit(
        demo_store.path,
        tmp_path,
        "coordination.yaml",
        "reference_prefix: CSH",
        "reference_prefix: CSH\nquorum_per_side: 9",
    )
    with pytest.raises(DomainError) as refused:
        start_service(demo_store.path, tmp_path / "index.sqlite")
    assert refused.value.code == "record_invalid"


def test_one_service_per_record(demo_store: Store, tmp_path: Path) -> None:
    first = start_service(demo_store.path, tmp_path / "index.sqlite")
    try:
        with pytest.raises(ServiceLocked):
            start_service(demo_store.path, tmp_path / "other.sqlite")
    finally:
        first.close()


def test_health_and_readiness(anonymous: TestClient) -> None:  # type: ignore[type-arg]
    assert anonymous.get("/healthz").json() == {"status": "ok"}
    ready = anonymous.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"record": "ok", "writer": "ok", "index": "ok"}

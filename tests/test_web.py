"""The reading pages, in-process, on a real data repository: the tests' own registre.

What the pages must show is written down from `registre.py`; one test alone reads
the demo, to say that the demo builds and that each of its pages renders.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import log_in
from coordination import COORDINATOR
from gitcheck import hand_commit as commit_by_hand
from litestar.testing import TestClient
from registre import HEALTH, HOUSING

from interpellations.record.store import Store
from server.service import ServiceLocked, start_service

Client = TestClient  # type: ignore[type-arg]
HOUSING_PAGE = f"/interpellations/{HOUSING}"


@pytest.fixture
def coordinator(visitor: Client) -> Client:
    """A browser on the registre's service, logged in as its coordinator, Gaëlle Simon."""
    assert log_in(visitor, COORDINATOR).status_code == 303
    return visitor


def hand_commit(
    data: Path, tmp_path: Path, file: str, old: str, new: str, *, directly: bool = False
) -> str:
    """A coordinator's correction: clone, edit, commit, push back (`directly`: past the
    guards, which refuse a broken record); the new version."""
    text = (Store.open(data).read(file) or b"").decode()
    assert old in text, (file, old)  # the correction changes something
    return commit_by_hand(
        data,
        tmp_path / f"clone-{len(list(tmp_path.glob('clone-*')))}",
        ("Ana Martin", "ana@example.org"),
        {file: text.replace(old, new)},
        "Correction à la main",
        directly=directly,
    )


# a member of no side the record knows: membres.yaml no longer loads
UNKNOWN_SIDE = ("membres.yaml", "side: associatif", "side: mutualite")


def listed(page: str) -> list[str]:
    """The titles of the list, in order (not the agenda above it)."""
    table = page[page.index('<table class="list"') :]
    return re.findall(r'<a href="/interpellations/[^"]+" lang="fr">([^<]+)</a>', table)


def test_home_lists_the_interpellations(coordinator: Client) -> None:
    page = coordinator.get("/")
    assert page.status_code == 200
    # most recently changed first
    assert listed(page.text) == [
        "Loyers",
        "Garantie locative",
        "Expulsions",
        "Accès aux soins",
        "Logements vides",
    ]
    assert "Soumise au comité" in page.text
    assert "5 interpellations affichées sur 5" in page.text


def test_search_and_filters(coordinator: Client) -> None:
    found = coordinator.get("/", params={"q": "garantie locative"}).text
    assert listed(found) == ["Garantie locative"]
    assert "1 interpellation affichée sur 5" in found
    # the comments are searched too: "maisons médicales" is only in Karim Benali's comment
    assert listed(coordinator.get("/", params={"q": "maisons médicales"}).text) == [
        "Accès aux soins"
    ]
    drafts = coordinator.get("/", params={"state": "draft"}).text
    assert listed(drafts) == ["Accès aux soins"]
    withdrawn = coordinator.get("/", params={"state": "withdrawn", "group": "gt-logement"}).text
    assert listed(withdrawn) == ["Expulsions"]


def test_interpellation_page_shows_both_languages_and_comments(coordinator: Client) -> None:
    page = coordinator.get(HOUSING_PAGE).text
    assert "Texte français" in page and "Texte néerlandais" in page
    assert "Vaststellingen" in page and "Constats" in page
    assert "Zestig gebouwen staan al meer dan een jaar leeg in Valbrune." in page
    assert '<blockquote class="quote">Soixante immeubles</blockquote>' in page  # the passage
    assert "Léa Dubois" in page  # people by name, not by e-mail
    assert "lea.dubois@" not in page and "hugo.petit@" not in page
    assert "Historique" in page


def test_the_same_page_in_dutch(coordinator: Client) -> None:
    switched = coordinator.get("/langue/nl", params={"next": HOUSING_PAGE}, follow_redirects=False)
    assert switched.status_code in (302, 303)
    assert switched.headers["location"] == HOUSING_PAGE
    page = coordinator.get(HOUSING_PAGE).text  # the choice is remembered
    assert '<html lang="nl">' in page
    assert "Geschiedenis" in page and "Goedgekeurd" in page
    assert '<h1 lang="nl">Leegstaande woningen</h1>' in page
    # a text that exists in French only keeps its French title, said to be French
    assert (
        '<h1 lang="fr">Accès aux soins</h1>' in coordinator.get(f"/interpellations/{HEALTH}").text
    )


def test_language_switch_never_redirects_elsewhere(visitor: Client) -> None:
    switched = visitor.get("/langue/nl", params={"next": "//evil.example/"}, follow_redirects=False)
    assert switched.headers["location"] == "/"


@pytest.mark.parametrize(
    "path",
    [
        "/interpellations/2025/absente",
        "/interpellations/2025/..",
        "/interpellations/2025/--all",
        "/interpellations/1/x",
        "/interpellations/2026/logements-vides",  # the right slug in the wrong year
    ],
)
def test_unknown_or_forged_ids_are_not_found(coordinator: Client, path: str) -> None:
    page = coordinator.get(path)
    assert page.status_code == 404
    assert "Page introuvable" in page.text or "n'existe pas" in page.text


def test_security_headers(coordinator: Client) -> None:
    headers = coordinator.get("/").headers
    assert "object-src 'none'" in headers["content-security-policy"]
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_a_bad_hand_commit_turns_the_service_read_only(
    coordinator: Client, registre: Store, tmp_path: Path
) -> None:
    valid = registre.head()
    file, before, _ = UNKNOWN_SIDE
    members = (registre.read(file) or b"").decode().splitlines()
    line = next(n for n, text in enumerate(members, start=1) if text.strip() == before)
    broke = hand_commit(registre.path, tmp_path, *UNKNOWN_SIDE, directly=True)
    page = coordinator.get("/").text
    assert "Le registre est en lecture seule." in page
    assert f"(version {broke[:7]})" in page and f"dernière version valide ({valid[:7]})" in page
    assert "membres.yaml" in page and "mutualite" in page
    coordinator.cookies.clear()  # a probe of the service, not logged in
    ready = coordinator.get("/readyz")
    assert ready.status_code == 503
    body = ready.json()
    assert (body["record"], body["writer"], body["index"]) == ("read-only", "ok", "ok")
    (broken,) = body["broken"]
    assert (broken["part"], broken["since"], broken["readable_at"]) == ("registre", broke, valid)
    # a probe learns where and what, not the record's values (they may be personal)
    assert broken["problems"][0] == {"file": file, "line": line, "code": "unknown_side"}
    assert log_in(coordinator, COORDINATOR).status_code == 303
    problem = coordinator.get("/readyz").json()["broken"][0]["problems"][0]
    assert problem["message"].startswith(f"{file}:{line}: ") and "mutualite" in problem["message"]


def test_a_read_only_service_still_shows_its_pages(
    coordinator: Client, registre: Store, tmp_path: Path
) -> None:
    hand_commit(registre.path, tmp_path, *UNKNOWN_SIDE, directly=True)
    home = coordinator.get("/")
    assert home.status_code == 200
    assert "Le registre est en lecture seule." in home.text
    assert len(listed(home.text)) == 5
    assert coordinator.get(HOUSING_PAGE).status_code == 200


def test_a_hand_commit_is_picked_up(coordinator: Client, registre: Store, tmp_path: Path) -> None:
    assert "Logements vides" in listed(coordinator.get("/").text)  # read once, then cached
    hand_commit(
        registre.path,
        tmp_path,
        f"{HOUSING.folder}/texte.fr.md",
        "title: Logements vides",
        "title: Immeubles vides",
    )
    titles = listed(coordinator.get("/").text)
    assert "Immeubles vides" in titles and "Logements vides" not in titles
    history = coordinator.get(HOUSING_PAGE).text
    assert "Correction à la main" in history and "Ana Martin" in history
    assert "14 versions" in history  # the registre's thirteen and the correction


def test_the_service_starts_read_only_on_an_invalid_record(registre: Store, tmp_path: Path) -> None:
    valid = registre.head()
    # a quorum of nine on a committee of four seats a side
    hand_commit(
        registre.path,
        tmp_path,
        "coordination.yaml",
        "reference_prefix: CSV",
        "reference_prefix: CSV\nquorum_per_side: 9",
        directly=True,
    )
    service = start_service(registre.path, tmp_path / "index.sqlite")
    try:
        assert service.read_only and service.health.version == valid
        assert service.index.version == valid
        assert service.record().coordination.quorum_per_side == 3
    finally:
        service.close()


def test_one_service_per_record(registre: Store, tmp_path: Path) -> None:
    first = start_service(registre.path, tmp_path / "index.sqlite")
    try:
        with pytest.raises(ServiceLocked):
            start_service(registre.path, tmp_path / "other.sqlite")
    finally:
        first.close()


def test_health_and_readiness(visitor: Client) -> None:
    assert visitor.get("/healthz").json() == {"status": "ok"}
    ready = visitor.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {
        "record": "ok",
        "writer": "ok",
        "index": "ok",
        "broken": [],
        "backup": {"remote": None, "database": None},
        "mail": {"pending": 0, "oldest": None, "failing": False},
    }


def test_the_demo_builds_and_each_of_its_pages_renders(client: Client) -> None:
    """The demo of `make serve` (conftest's `client`), whatever its texts say today."""
    home = client.get("/")
    assert home.status_code == 200
    table = home.text[home.text.index('<table class="list"') :]
    links = sorted(set(re.findall(r'href="(/interpellations/\d{4}/[a-z0-9-]+)"', table)))
    assert links  # the demo has interpellations
    for link in links:
        for path in (link, f"{link}/diff"):
            page = client.get(path)
            assert page.status_code == 200, path
            assert "Page introuvable" not in page.text, path

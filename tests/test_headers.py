"""Every answer's headers, and the small holes an attacker or a crawler would find.

Errors and redirects carry the security headers like the pages; a page for one
person is never kept by a browser's history or a proxy; the language switch, a
link anyone can make a browser follow, changes no account; a NUL in a search is
a search, not a 500.
"""

from __future__ import annotations

import pytest
from conftest import log_in, web_settings
from coordination import COORDINATOR
from litestar.testing import TestClient

from interpellations.record.model import Language
from interpellations.record.store import Store
from server.app import create_app

Client = TestClient  # type: ignore[type-arg]


def assert_guarded(headers: object) -> None:
    got = dict(headers)  # type: ignore[call-overload]
    assert "object-src 'none'" in got["content-security-policy"]
    assert got["x-content-type-options"] == "nosniff"
    assert got["x-frame-options"] == "DENY"
    assert got["referrer-policy"] == "same-origin"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/nulle-part", 404),
        ("DELETE", "/", 405),
        ("GET", "/interpellations/2026/loyers", 303),  # not logged in: to the login form
        ("GET", "/api/interpellations", 401),
        ("GET", "/static/style.css", 200),
    ],
)
def test_every_answer_carries_the_security_headers(
    visitor: Client, method: str, path: str, status: int
) -> None:
    answer = visitor.request(method, path, follow_redirects=False)
    assert answer.status_code == status
    assert_guarded(answer.headers)
    assert "strict-transport-security" not in answer.headers  # served over http


def test_https_adds_hsts(registre: Store, tmp_path: object) -> None:
    settings = web_settings(registre, tmp_path).model_copy(  # type: ignore[arg-type]
        update={"base_url": "https://interpellations.example"}
    )
    with TestClient(create_app(settings)) as client:
        for path in ("/connexion", "/nulle-part"):
            hsts = client.get(path).headers["strict-transport-security"]
            assert hsts == "max-age=31536000; includeSubDomains"


def test_a_page_for_one_person_is_never_stored(visitor: Client) -> None:
    assert "no-store" not in visitor.get("/connexion").headers.get("cache-control", "")
    assert log_in(visitor, COORDINATOR).status_code == 303
    for path in ("/", "/interpellations/2026/loyers", "/nulle-part", "/profil"):
        assert visitor.get(path).headers["cache-control"] == "private, no-store", path
    logout = visitor.post(
        "/deconnexion",
        data={"_csrf_token": visitor.cookies["csrftoken"]},
        follow_redirects=False,
    )
    assert logout.headers["cache-control"] == "private, no-store"
    assert "no-store" not in visitor.get("/static/style.css").headers.get("cache-control", "")


def test_the_language_switch_changes_no_account(visitor: Client) -> None:
    assert log_in(visitor, COORDINATOR).status_code == 303
    service = visitor.app.state["service"]
    assert service.accounts.language_of(COORDINATOR) == Language.FR

    switched = visitor.get("/langue/nl", params={"next": "/"}, follow_redirects=False)

    assert switched.status_code in (302, 303)
    assert '<html lang="nl">' in visitor.get("/").text  # this browser's choice
    assert service.accounts.language_of(COORDINATOR) == Language.FR  # the account's, unchanged
    visitor.cookies.clear()
    assert log_in(visitor, COORDINATOR).status_code == 303
    assert '<html lang="fr">' in visitor.get("/").text  # logging in brings the person's back


@pytest.mark.parametrize("words", ["a\x00b", "\x00", "loyers\x00", "\x07\x1b[2J"])
def test_a_control_character_in_a_search_is_no_error(visitor: Client, words: str) -> None:
    assert log_in(visitor, COORDINATOR).status_code == 303
    assert visitor.get("/", params={"q": words}).status_code == 200
    token = visitor.post(
        "/api/session", json={"email": COORDINATOR, "password": "mot de passe de test"}
    )
    bearer = {"Authorization": f"Bearer {token.json()['token']}"}
    assert (
        visitor.get("/api/interpellations", params={"q": words}, headers=bearer).status_code == 200
    )

"""Logging in and out, invitations by mail, forgotten passwords, guesses slowed, forged forms.

On the tests' registre (`registre.py`), its people those of `coordination.py`.
"""

from __future__ import annotations

import email
import html
import re
import threading
from email.message import Message
from pathlib import Path

import pytest
from conftest import DEMO_PASSWORD, csrf_token, log_in, web_settings
from coordination import ASSOCIATIVE, COORDINATOR, CPAS, NAMES, PRESIDENT
from litestar.testing import TestClient

from interpellations.record.store import Store
from server import auth
from server.app import create_app
from server.throttle import PER_PERSON, Throttle, client_address

NEW_PASSWORD = "une phrase facile à retenir"  # noqa: S105


def outbox_messages(client: TestClient) -> list[Message]:  # type: ignore[type-arg]
    """The mail the service sent: its outbox emptied now rather than waited for."""
    client.app.state["service"].outbox.send_due()
    outbox = Path(client.app.state["service"].store.path).parent / "outbox"
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(outbox.glob("*.eml"))]


def link_in(message: Message) -> str:
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    found = re.search(r"https?://\S+(/(?:invitation|reinitialisation)/\S+)", body.decode())
    assert found, body
    return found.group(1)


def test_pages_need_a_login_and_come_back_after_it(visitor: TestClient) -> None:  # type: ignore[type-arg]
    page = visitor.get("/interpellations/2025/logements-vides", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/connexion?next=%2Finterpellations%2F2025%2Flogements-vides"
    assert "Soixante immeubles" not in visitor.get("/interpellations/2025/logements-vides").text
    token = csrf_token(visitor)
    back = visitor.post(
        "/connexion",
        data={
            "email": CPAS[0],
            "password": DEMO_PASSWORD,
            "_csrf_token": token,
            "next": "/interpellations/2025/logements-vides",
        },
        follow_redirects=False,
    )
    assert back.headers["location"] == "/interpellations/2025/logements-vides"
    text = visitor.get("/interpellations/2025/logements-vides").text
    assert "Logements vides" in text and "Soixante immeubles sont vides depuis plus" in text
    assert NAMES[ASSOCIATIVE[2]] in text  # Karim Benali signed it


def test_wrong_password_is_refused_in_plain_words(visitor: TestClient) -> None:  # type: ignore[type-arg]
    refused = log_in(visitor, COORDINATOR, "pas le bon")
    assert refused.status_code == 401
    assert "Adresse e-mail ou mot de passe incorrect." in refused.text
    assert f'value="{COORDINATOR}"' in refused.text  # what was typed is kept


def test_repeated_guesses_are_slowed_without_locking(visitor: TestClient) -> None:  # type: ignore[type-arg]
    allowed = PER_PERSON[0].amount
    for _ in range(allowed):
        assert log_in(visitor, COORDINATOR, "devinette").status_code == 401
    slowed = log_in(visitor, COORDINATOR, DEMO_PASSWORD)
    assert slowed.status_code == 429
    assert "Trop de tentatives : réessayez dans" in slowed.text
    # another person is not slowed down
    assert log_in(visitor, CPAS[1]).status_code in (302, 303)


def test_guesses_from_elsewhere_never_lock_the_person_out(registre: Store, tmp_path: Path) -> None:
    settings = web_settings(registre, tmp_path).model_copy(
        update={"client_address_header": "X-Forwarded-For"}
    )
    with TestClient(create_app(settings)) as client:
        attacker = {"X-Forwarded-For": "10.0.0.66"}
        for _ in range(PER_PERSON[0].amount + 5):
            guess = log_in(client, COORDINATOR, "devinette", headers=attacker)
            assert guess.status_code in (401, 429)
        assert log_in(client, COORDINATOR, "devinette", headers=attacker).status_code == 429
        # the colleague, at the office behind the same proxy, logs in as usual
        office = {"X-Forwarded-For": "192.0.2.10"}
        assert log_in(client, COORDINATOR, DEMO_PASSWORD, headers=office).status_code == 303
        # a client cannot choose its address: only the proxy's last entry counts
        forged = {"X-Forwarded-For": "192.0.2.10, 10.0.0.66"}
        assert log_in(client, COORDINATOR, "devinette", headers=forged).status_code == 429


def test_without_a_trusted_proxy_the_header_is_ignored(
    visitor: TestClient,  # type: ignore[type-arg]
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(auth, "_PROXY_WARNED", threading.Event())  # said once per process
    for number in range(PER_PERSON[0].amount + 1):
        spoofed = {"X-Forwarded-For": f"10.0.0.{number}"}  # a new address each time: ignored
        answer = log_in(visitor, COORDINATOR, "devinette", headers=spoofed)
    assert answer.status_code == 429
    # whoever runs the service is told that a proxy seems to stand in front, once
    warnings = [r.getMessage() for r in caplog.records if "CLIENT_ADDRESS_HEADER" in r.getMessage()]
    assert len(warnings) == 1
    assert "x-forwarded-for" in warnings[0]


def test_concurrent_guesses_get_no_more_than_the_limit() -> None:
    throttle = Throttle()
    allowed: list[int] = []

    def guess() -> None:
        allowed.append(throttle.attempt("password", "ana@example.org", "10.0.0.1"))

    threads = [threading.Thread(target=guess) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(0) == PER_PERSON[0].amount
    assert throttle.attempt("password", "ana@example.org", "10.0.0.2") == 0  # elsewhere: free
    throttle.succeeded("password", "ana@example.org", "10.0.0.1")
    assert throttle.attempt("password", "ana@example.org", "10.0.0.1") == 0  # afresh


def test_logout_ends_the_session(visitor: TestClient) -> None:  # type: ignore[type-arg]
    assert log_in(visitor, COORDINATOR).status_code in (302, 303)
    assert visitor.get("/", follow_redirects=False).status_code == 200
    cookie = visitor.cookies.get("session")
    token = csrf_token(visitor, "/")
    visitor.post("/deconnexion", data={"_csrf_token": token}, follow_redirects=False)
    visitor.cookies.set("session", cookie or "")  # the old cookie no longer opens anything
    assert visitor.get("/", follow_redirects=False).status_code == 303


def test_a_forged_form_is_refused_and_changes_nothing(visitor: TestClient) -> None:  # type: ignore[type-arg]
    visitor.get("/connexion")
    forged = visitor.post(
        "/connexion",
        data={"email": COORDINATOR, "password": DEMO_PASSWORD, "_csrf_token": "forged"},
        follow_redirects=False,
    )
    assert forged.status_code == 403
    assert "session" not in visitor.cookies


def test_a_coordinator_invites_by_mail_and_the_person_chooses_a_password(
    visitor: TestClient,  # type: ignore[type-arg]
) -> None:
    assert log_in(visitor, COORDINATOR).status_code in (302, 303)
    page = visitor.get("/invitations/")
    assert "Administration" in page.text
    sent = visitor.post(
        "/invitations/",
        data={"email": CPAS[1], "_csrf_token": csrf_token(visitor, "/invitations/")},
    )
    assert "Une invitation a été envoyée" in sent.text
    mail = outbox_messages(visitor)[-1]
    assert mail["To"] == CPAS[1]
    assert "Choisissez votre mot de passe" in mail.get_payload(decode=True).decode()  # type: ignore[union-attr]
    link = link_in(mail)
    visitor.cookies.clear()
    form = visitor.get(link)
    assert CPAS[1] in form.text
    token = form.text.split('name="_csrf_token" value="', 1)[1].split('"', 1)[0]
    short = visitor.post(
        link, data={"password": "court", "confirmation": "court", "_csrf_token": token}
    )
    assert "au moins 10 caractères" in short.text
    done = visitor.post(
        link,
        data={"password": NEW_PASSWORD, "confirmation": NEW_PASSWORD, "_csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code in (302, 303)
    assert visitor.get("/").status_code == 200  # logged in
    assert "plus valable" in visitor.get(link).text  # used once
    visitor.cookies.clear()
    assert log_in(visitor, CPAS[1], NEW_PASSWORD).status_code in (302, 303)


def test_a_forgotten_password_is_reset_by_mail(visitor: TestClient) -> None:  # type: ignore[type-arg]
    for address in (CPAS[3], "inconnu@example.org"):
        answer = visitor.post(
            "/mot-de-passe-oublie",
            data={"email": address, "_csrf_token": csrf_token(visitor, "/mot-de-passe-oublie")},
        )
        assert "Si cette adresse est celle d'un membre" in answer.text  # the same for both
    messages = outbox_messages(visitor)
    assert [m["To"] for m in messages] == [CPAS[3]]
    link = link_in(messages[0])
    token = csrf_token(visitor, link)
    visitor.post(
        link, data={"password": NEW_PASSWORD, "confirmation": NEW_PASSWORD, "_csrf_token": token}
    )
    visitor.cookies.clear()
    assert log_in(visitor, CPAS[3], DEMO_PASSWORD).status_code == 401
    assert log_in(visitor, CPAS[3], NEW_PASSWORD).status_code in (302, 303)


def test_only_coordinators_invite(visitor: TestClient) -> None:  # type: ignore[type-arg]
    assert log_in(visitor, PRESIDENT).status_code in (302, 303)  # even the president
    assert visitor.get("/invitations/").status_code == 403
    token = csrf_token(visitor, "/")
    refused = visitor.post("/invitations/", data={"email": CPAS[1], "_csrf_token": token})
    assert refused.status_code == 403
    assert outbox_messages(visitor) == []


def test_an_empty_invitation_says_what_is_missing(visitor: TestClient) -> None:  # type: ignore[type-arg]
    assert log_in(visitor, COORDINATOR).status_code in (302, 303)
    token = csrf_token(visitor, "/invitations/")
    empty = visitor.post("/invitations/", data={"email": "  ", "_csrf_token": token})
    assert empty.status_code == 422
    assert "Indiquez l'adresse e-mail de la personne à inviter" in html.unescape(empty.text)
    assert outbox_messages(visitor) == []


@pytest.mark.parametrize(
    "path", ["/connexion", "/mot-de-passe-oublie", "/healthz", "/static/style.css"]
)
def test_public_pages(visitor: TestClient, path: str) -> None:  # type: ignore[type-arg]
    assert visitor.get(path, follow_redirects=False).status_code == 200


def test_the_proxy_s_own_line_counts_when_a_header_comes_twice() -> None:
    # a proxy that adds its own line, rather than extend the client's, is read last
    lines = ["192.0.2.10", "10.0.0.66"]
    assert client_address("127.0.0.1", lines, "X-Forwarded-For") == "10.0.0.66"
    assert client_address("127.0.0.1", lines, "") == "127.0.0.1"  # not configured: ignored
    assert client_address("127.0.0.1", [], "X-Forwarded-For") == "127.0.0.1"

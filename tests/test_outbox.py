"""One outbox for all mail, through a real SMTP server on loopback (aiosmtpd).

A request only writes its mail in the service's database; one worker sends it,
retries while the server refuses, and never sends a message marked sent again;
a restart sends what was left, once. Reset links are limited per address and in
all, a new password voids every other link, and members and strangers are
answered alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest
from conftest import csrf_token, log_in, web_settings
from coordination import CPAS
from litestar.testing import TestClient
from polling import wait_for
from smtp_inbox import Inbox, smtp_server

from interpellations.index.database import Database
from interpellations.mailer import MailSettings, Security
from interpellations.record.loading import load_record
from interpellations.record.store import Store
from server.accounts import SCHEMA
from server.app import create_app
from server.links_asked import LINKS_OVERALL, LINKS_PER_ADDRESS, links_asked
from server.outbox import Outbox

Client = TestClient  # type: ignore[type-arg]
NEW_PASSWORD = "une phrase facile à retenir"  # noqa: S105 - a test person's


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with smtp_server() as served:
        yield served


def mail_settings(port: int) -> MailSettings:
    return MailSettings(
        sender="coordination@valbrune.example", host="127.0.0.1", port=port, security=Security.NONE
    )


def database(tmp_path: Path) -> Database:
    return Database(tmp_path / "accounts.sqlite", SCHEMA, "FULL")


def test_a_refused_mail_is_retried_and_arrives_once(
    smtp: tuple[Inbox, int], tmp_path: Path
) -> None:
    inbox, port = smtp
    inbox.refusing = True
    outbox = Outbox(database(tmp_path), mail_settings(port), delays=(0.05,))
    message_id = outbox.add("ana@example.org", "Votre lien", "Bonjour Ana")
    outbox.start()
    try:
        wait_for(lambda: outbox.pending().last_error != "")
        assert "451" in outbox.pending().last_error and inbox.received == []
        inbox.refusing = False
        wait_for(lambda: outbox.pending().count == 0)
    finally:
        outbox.stop()
    assert [m["Message-ID"] for m in inbox.received] == [message_id]
    assert outbox.send_due() == 0 and len(inbox.received) == 1  # marked sent: never again


def test_a_restart_sends_what_was_left_once(smtp: tuple[Inbox, int], tmp_path: Path) -> None:
    inbox, port = smtp
    first = Outbox(database(tmp_path), mail_settings(port))
    message_id = first.add("ana@example.org", "Votre lien", "Bonjour Ana")  # never started
    assert first.pending().count == 1

    again = Outbox(database(tmp_path), mail_settings(port))  # the service started again
    again.start()
    try:
        wait_for(lambda: again.pending().count == 0)
    finally:
        again.stop()
    assert [m["Message-ID"] for m in inbox.received] == [message_id]


def forgot(client: Client, address: str) -> str:
    token = csrf_token(client, "/mot-de-passe-oublie")
    answer = client.post("/mot-de-passe-oublie", data={"email": address, "_csrf_token": token})
    assert answer.status_code == 200
    return re.sub(r'value="[^"]*"', "", answer.text)  # the token and the address typed aside


@pytest.fixture
def service_on_smtp(
    registre: Store, tmp_path: Path, smtp: tuple[Inbox, int]
) -> Iterator[tuple[Client, Inbox]]:
    inbox, port = smtp
    settings = web_settings(registre, tmp_path).model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_security": Security.NONE}
    )
    with TestClient(create_app(settings)) as client:
        yield client, inbox


def sent(client: Client, inbox: Inbox, count: int) -> list[Message]:
    outbox = client.app.state["service"].outbox
    # received by the server, then marked sent by the worker: wait for both
    wait_for(lambda: len(inbox.received) >= count and outbox.pending().count == 0)
    return inbox.received


def test_a_reset_request_is_answered_alike_and_limited(
    service_on_smtp: tuple[Client, Inbox],
) -> None:
    client, inbox = service_on_smtp
    member, stranger = CPAS[3], "inconnu@example.org"
    assert forgot(client, member) == forgot(client, stranger)  # the same page for both
    for _ in range(LINKS_PER_ADDRESS + 3):
        forgot(client, member)
    received = sent(client, inbox, LINKS_PER_ADDRESS)
    assert [m["To"] for m in received] == [member] * LINKS_PER_ADDRESS  # no more, none to them
    assert len({m["Message-ID"] for m in received}) == LINKS_PER_ADDRESS


def test_the_request_does_the_same_work_for_a_member_and_a_stranger(
    service_on_smtp: tuple[Client, Inbox],
) -> None:
    """Nothing in the request depends on who asks: the worker decides, later."""
    client, inbox = service_on_smtp
    service = client.app.state["service"]
    service.outbox.stop()  # the worker waits: what the requests alone wrote is seen
    member, stranger = CPAS[3], "inconnu@example.org"
    forgot(client, member)
    forgot(client, stranger)

    db = service.accounts.database.connection()
    assert [e for _, e, _ in links_asked(service.accounts)] == [member, stranger]
    assert db.execute("SELECT count(*) FROM tokens").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM link_requests").fetchone()[0] == 0
    assert service.outbox.pending().count == 0

    assert service.outbox.send_due() == 1  # decided before sending: the member's link only
    assert [m["To"] for m in inbox.received] == [member]
    assert links_asked(service.accounts) == []


def test_requests_for_everyone_hit_the_overall_ceiling(
    service_on_smtp: tuple[Client, Inbox], registre: Store
) -> None:
    client, inbox = service_on_smtp
    people = [m.email for m in load_record(registre.snapshot()).members]
    assert len(people) * LINKS_PER_ADDRESS > LINKS_OVERALL  # enough to reach the ceiling
    for _ in range(LINKS_PER_ADDRESS):
        for person in people:
            forgot(client, person)
    assert len(sent(client, inbox, LINKS_OVERALL)) == LINKS_OVERALL
    forgot(client, people[0])
    assert client.app.state["service"].outbox.send_due() == 0


def link_of(message: Message) -> str:
    body = message.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
    found = re.search(r"https?://\S+(/reinitialisation/\S+)", body.get_content())
    assert found
    return found.group(1)


def test_a_new_password_voids_every_other_link(service_on_smtp: tuple[Client, Inbox]) -> None:
    client, inbox = service_on_smtp
    forgot(client, CPAS[3])
    forgot(client, CPAS[3])
    first, second = (link_of(m) for m in sent(client, inbox, 2))

    token = csrf_token(client, second)
    chosen = client.post(
        second,
        data={"password": NEW_PASSWORD, "confirmation": NEW_PASSWORD, "_csrf_token": token},
        follow_redirects=False,
    )

    assert chosen.status_code == 303
    assert client.get(first).status_code == 410  # the older link is void
    client.cookies.clear()
    assert log_in(client, CPAS[3], NEW_PASSWORD).status_code == 303

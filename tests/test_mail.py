"""Mail through a real SMTP server on loopback, and the demo's outbox folder."""

from __future__ import annotations

import email
from collections.abc import Iterator
from pathlib import Path

import pytest
from smtp_inbox import Inbox, smtp_server

from interpellations.mailer import MailSettings, Security, send


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with smtp_server() as served:
        yield served


def test_a_message_reaches_a_real_smtp_server(smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    settings = MailSettings(
        sender="coordination@valbrune.example",
        host="127.0.0.1",
        port=port,
        security=Security.NONE,
    )
    send(settings, "ana@example.org", "Invitation à la coordination", "Bonjour Ana,\n\nVoici…")
    envelope, message = inbox.envelopes[0], inbox.received[0]
    assert envelope.rcpt_tos == ["ana@example.org"]
    assert message["Subject"] == "Invitation à la coordination"
    assert message["From"] == "coordination@valbrune.example"
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes) and "Bonjour Ana" in payload.decode()


def test_a_subject_cannot_add_a_header(smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    settings = MailSettings(sender="coordination@valbrune.example", host="127.0.0.1", port=port)
    with pytest.raises(ValueError, match=r"linefeed|newline|CR|LF"):
        send(settings, "ana@example.org", "Objet\r\nBcc: pirate@example.org", "texte")
    assert inbox.received == []


def test_the_demo_writes_mail_to_its_outbox(tmp_path: Path) -> None:
    settings = MailSettings(sender="coordination@valbrune.example", outbox=tmp_path / "outbox")
    send(settings, "ana@example.org", "Rappel", "Bonjour")
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 1
    assert email.message_from_bytes(files[0].read_bytes())["To"] == "ana@example.org"

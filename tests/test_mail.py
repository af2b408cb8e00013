"""Mail through a real SMTP server on loopback, and the demo's outbox folder."""

from __future__ import annotations

import email
from collections.abc import Iterator
from email.message import Message
from email.policy import default
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from test_serve import free_port

from interpellations.mailer import MailSettings, Security, send


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.received: list[tuple[Envelope, Message]] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else b""
        self.received.append((envelope, email.message_from_bytes(content, policy=default)))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def test_a_message_reaches_a_real_smtp_server(smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    settings = MailSettings(
        sender="coordination@valbrune.example",
        host="127.0.0.1",
        port=port,
        security=Security.NONE,
    )
    send(settings, "ana@example.org", "Invitation à la coordination", "Bonjour Ana,\n\nVoici…")
    envelope, message = inbox.received[0]
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

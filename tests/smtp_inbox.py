"""A real SMTP server on loopback (aiosmtpd) and the mailbox behind it, for the mail tests."""

from __future__ import annotations

import email
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import Message
from email.policy import default

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from test_serve import free_port


class Inbox:
    """What the server received; while `refusing`, it answers 451 (try again later)."""

    def __init__(self) -> None:
        self.refusing = False
        self.envelopes: list[Envelope] = []
        self.received: list[Message] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.refusing:
            return "451 4.3.0 Try again later"
        content = envelope.content if isinstance(envelope.content, bytes) else b""
        self.envelopes.append(envelope)
        self.received.append(email.message_from_bytes(content, policy=default))
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """The server listening on a free loopback port: its inbox and the port."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()

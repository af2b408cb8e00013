"""Sending mail: SMTP (plain, STARTTLS or TLS), or an outbox folder in the demo.

In the demo nothing leaves the machine: each message is written as an `.eml`
file in the outbox folder, where a person (or a test) can open it. Messages are
built with `email.message.EmailMessage`, whose headers refuse line breaks, so a
subject or an address typed by someone cannot add a header.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from enum import StrEnum
from pathlib import Path


class Security(StrEnum):
    NONE = "none"
    STARTTLS = "starttls"
    TLS = "tls"


@dataclass(frozen=True)
class MailSettings:
    sender: str
    host: str = "127.0.0.1"
    port: int = 25
    security: Security = Security.NONE
    user: str = ""
    password: str = ""
    outbox: Path | None = None  # set: write the messages there instead of sending them
    timeout: float = 20.0


def compose(settings: MailSettings, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    message.set_content(body)
    return message


def send(settings: MailSettings, to: str, subject: str, body: str) -> None:
    """Send one plain-text message (or put it in the outbox)."""
    deliver(settings, compose(settings, to, subject, body))


def deliver(settings: MailSettings, message: EmailMessage) -> None:
    """Hand one composed message to the SMTP server (or write it in the outbox folder)."""
    if settings.outbox is not None:
        _write_outbox(settings.outbox, message)
        return
    context = ssl.create_default_context()
    if settings.security == Security.TLS:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    with smtp:
        if settings.security == Security.STARTTLS:
            smtp.starttls(context=context)
        if settings.user:
            smtp.login(settings.user, settings.password)
        smtp.send_message(message)


def _write_outbox(outbox: Path, message: EmailMessage) -> None:
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    target = outbox / f"{stamp}-{secrets.token_hex(3)}.eml"
    temp = target.with_suffix(".tmp")
    temp.write_bytes(bytes(message))
    os.replace(temp, target)

"""How `git log` tells a version: its author, date, message, trailers and paths."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from interpellations.record.registry import Identity

# One record per commit (\x1e), its fields apart (\x1f), then the paths it touched
LOG_FORMAT = "%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%B%x1f"


@dataclass(frozen=True)
class CommitInfo:
    """One version of the record, as `git log` tells it."""

    version: str
    author: Identity
    date: dt.datetime
    subject: str
    body: str
    trailers: Mapping[str, str]
    paths: tuple[str, ...] = ()


def parse_log_record(record: str) -> CommitInfo:
    sha, name, email, date, message, names = record.split("\x1f", 5)
    subject, _, body = message.strip().partition("\n")
    return CommitInfo(
        version=sha,
        author=Identity(name, email),
        date=dt.datetime.fromisoformat(date),
        subject=subject,
        body=body.strip(),
        trailers=parse_trailers(message),
        paths=tuple(line for line in names.splitlines() if line),
    )


def parse_trailers(message: str) -> dict[str, str]:
    """The `Key: value` lines of a message's last paragraph."""
    paragraphs = message.strip().split("\n\n")
    if len(paragraphs) < 2:
        return {}
    trailers = {}
    for line in paragraphs[-1].splitlines():
        key, sep, value = line.partition(": ")
        if not sep or not key.replace("-", "").isalnum():
            return {}
        trailers[key] = value.strip()
    return trailers

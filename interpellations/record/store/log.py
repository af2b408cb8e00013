"""How `git log` tells a version: its author, date, message, trailers and paths."""

from __future__ import annotations

import datetime as dt
import queue
import subprocess
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from interpellations.record.registry import Identity
from interpellations.record.store.gitconfig import git_environment

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


class RunningLog:
    """`git log` of a span of versions, oldest first, running in git's own process.

    Started when made, read as it comes: a full rebuild of the index asks git for
    every commit and the paths it touched (seconds of git's own work at 40,000
    commits) while Python reads every interpellation at the head, then takes each
    version as git tells it. A thread drains git's output meanwhile, so git never
    waits for the reader.
    """

    def __init__(self, git_dir: Path, span: str) -> None:
        command = [
            "git", "log", "--reverse", "--no-renames", "--diff-merges=first-parent",
            "--name-only", f"--format={LOG_FORMAT}", span, "--",
        ]  # fmt: skip
        # a pipe for its errors too: a few lines at most, read once the log is over
        self._process = subprocess.Popen(
            command,
            cwd=git_dir,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=git_environment(),
        )
        self._chunks: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        threading.Thread(target=self._drain, name="git-log", daemon=True).start()

    def _drain(self) -> None:
        out = self._process.stdout
        assert out is not None  # noqa: S101 - Popen was given stdout=PIPE
        with out:
            while chunk := out.read(1 << 16):
                self._chunks.put(chunk)
        self._chunks.put(b"")  # the end

    def __iter__(self) -> Iterator[CommitInfo]:
        pending = b""
        while chunk := self._chunks.get():
            # a record ends where the next one starts (\x1e, never inside UTF-8)
            *records, pending = (pending + chunk).split(b"\x1e")
            yield from (parse_log_record(r.decode()) for r in records if r)
        errors = self._process.stderr
        assert errors is not None  # noqa: S101 - Popen was given stderr=PIPE
        with errors:
            if self._process.wait() != 0:
                raise RuntimeError(f"git log: {errors.read().decode(errors='replace')}")
        if pending:
            yield parse_log_record(pending.decode())


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

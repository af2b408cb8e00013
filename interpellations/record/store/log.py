"""How `git log` tells a version: its author, date, message, trailers and paths."""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
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

    Started when made and read when iterated: a full rebuild of the index asks
    git for every commit and the paths it touched (seconds of git's own work at
    40,000 commits) while Python reads every interpellation at the head, the two
    side by side on two cores. The output goes to a temporary file rather than a
    pipe, so git never waits for the reader.
    """

    def __init__(self, git_dir: Path, span: str) -> None:
        # closed once read (`__iter__`)
        self._out = tempfile.TemporaryFile()  # noqa: SIM115
        self._err = tempfile.TemporaryFile()  # noqa: SIM115
        command = [
            "git", "log", "--reverse", "--no-renames", "--diff-merges=first-parent",
            "--name-only", f"--format={LOG_FORMAT}", span, "--",
        ]  # fmt: skip
        self._process = subprocess.Popen(
            command, cwd=git_dir, stdout=self._out, stderr=self._err, env=git_environment()
        )

    def __iter__(self) -> Iterator[CommitInfo]:
        with self._out, self._err:
            if self._process.wait() != 0:
                self._err.seek(0)
                raise RuntimeError(f"git log: {self._err.read().decode(errors='replace')}")
            self._out.seek(0)
            text = self._out.read().decode()
        for record in text.split("\x1e")[1:]:
            yield parse_log_record(record)


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

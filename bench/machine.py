"""What the figures were measured on: processors, versions, and the disk's own fsync."""

from __future__ import annotations

import os
import platform
import sys
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

from bench.stats import Stats, summarize, timed
from interpellations.record.store import run_git


def describe(probe_folder: Path | None = None, fsyncs: int = 100) -> dict[str, Any]:
    """Processors, Python, git, platform, and the median cost of one fsync here."""
    return {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "git": run_git(Path.cwd(), "--version").removeprefix("git version "),
        "platform": platform.platform(),
        "fsync_3kb_file": fsync_cost(probe_folder, fsyncs).as_dict(),
    }


def fsync_cost(folder: Path | None, count: int) -> Stats:
    """Write and fsync `count` small files: the floor under any durable write."""
    seconds = []
    with tempfile.TemporaryDirectory(dir=folder, prefix="fsync-probe-") as tmp:
        for number in range(count):
            path = Path(tmp) / f"f{number}"
            seconds.append(timed(partial(_write_synced, path))[1])
    return summarize(seconds)


def _write_synced(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, b"x" * 3000)
        os.fsync(fd)
    finally:
        os.close(fd)

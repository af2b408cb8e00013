"""What a coordinator checks with the git command line, for the store tests.

Everything here runs the real `git` binary on the data repository, the way a
person would after the fact: `git log`, `git fsck`, a clone, a commit, a push.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from interpellations.record.store import run_git


@dataclass(frozen=True)
class LogEntry:
    """One commit as `git log` shows it."""

    version: str
    author: tuple[str, str]
    committer: tuple[str, str]
    subject: str
    trailers: dict[str, str]
    parents: tuple[str, ...]


_LOG_FORMAT = "%H%x1f%P%x1f%an%x1f%ae%x1f%cn%x1f%ce%x1f%s%x1f%(trailers:only,unfold)%x1e"


def git_log(repo: Path, span: str = "main") -> list[LogEntry]:
    """The commits of `span`, newest first, read by `git log` itself."""
    # not `run_git`: its `strip()` would eat the separators, which Python counts as spaces
    out = subprocess.run(
        ["git", "log", f"--format={_LOG_FORMAT}", span, "--"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    entries = []
    for record in filter(None, (r.strip("\n") for r in out.split("\x1e"))):
        version, parents, an, ae, cn, ce, subject, trailers = record.split("\x1f")
        pairs = (line.partition(": ") for line in trailers.splitlines() if line)
        entries.append(
            LogEntry(
                version,
                (an, ae),
                (cn, ce),
                subject,
                {key: value for key, _, value in pairs},
                tuple(parents.split()),
            )
        )
    return entries


def commit_count(repo: Path) -> int:
    return int(run_git(repo, "rev-list", "--count", "main"))


def fsck(repo: Path) -> None:
    """`git fsck --full --strict` finds nothing at all (dangling objects aside)."""
    result = subprocess.run(
        ["git", "fsck", "--full", "--strict", "--no-dangling", "--no-progress"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def files_state(repo: Path) -> dict[str, tuple[int, int]]:
    """Every file of the repository with its size and modification time.

    A loose object's time is left out: a write that finds an object already there
    freshens it, as git does, so that a prune running meanwhile keeps it; its bytes
    are its name, so its presence and size say all.
    """
    return {
        str(path.relative_to(repo)): (
            path.stat().st_size,
            0 if _is_loose_object(path.relative_to(repo)) else path.stat().st_mtime_ns,
        )
        for path in sorted(repo.rglob("*"))
        if path.is_file()
    }


def _is_loose_object(relative: Path) -> bool:
    parts = relative.parts
    return len(parts) == 3 and parts[0] == "objects" and len(parts[1]) == 2


def hand_commit(
    bare: Path,
    workdir: Path,
    who: tuple[str, str],
    files: dict[str, str],
    message: str,
    *,
    directly: bool = False,
) -> str:
    """Clone the data repository, commit by hand as `who`, push back; the new commit id.

    `directly`: the commit goes into the branch past the registre's guards, as a
    disk restored from a backup or an older release could have it (`write_directly`).
    """
    run_git(workdir.parent, "clone", "--quiet", str(bare), str(workdir))
    for name, text in files.items():
        target = workdir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    run_git(workdir, "add", "--", *files)
    name, email = who
    run_git(
        workdir, "-c", f"user.name={name}", "-c", f"user.email={email}", "commit", "-qm", message
    )
    if directly:
        write_directly(bare, workdir)
    else:
        run_git(workdir, "push", "--quiet", "origin", "HEAD:main")
    return run_git(workdir, "rev-parse", "HEAD")


def write_directly(bare: Path, clone: Path, *, force: bool = False) -> None:
    """Put a clone's HEAD in the registre's branch without a push: no guard runs.

    A fetch into the bare repository moves the branch with git's own ref lock
    (which the service's writes respect), but receives nothing, so no hook judges it.
    """
    run_git(bare, "fetch", "--quiet", str(clone), f"{'+' if force else ''}HEAD:refs/heads/main")

"""The data repository: the only module that owns GitPython.

Reads go through one GitPython `Repo` per thread (it is not thread-safe, and its
`git cat-file --batch` helpers are closed with `close()`). Writes are serialised
by a thread lock and, across processes (the service and the command line), by the
writer lock (`writerlock`); each is made of in-process durable objects plus a
compare-and-swap of the branch (`objects`, `refs`), which hand commits and pushes
also respect: a write is acknowledged only once its commit and the branch are on disk.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import git

from interpellations.clock import now
from interpellations.errors import InvalidIdentifier, NotFound, WriteContention
from interpellations.record.ids import FULL_VERSION_RE, check_version
from interpellations.record.registry import Identity
from interpellations.record.store.gitconfig import DURABILITY_CONFIG, ensure_durability, run_git
from interpellations.record.store.guards import ensure_guards
from interpellations.record.store.limits import Limits
from interpellations.record.store.log import LOG_FORMAT, CommitInfo, RunningLog, parse_log_record
from interpellations.record.store.objects import TEMP_PREFIX, TREE_MODE, DurableWriter
from interpellations.record.store.refs import (
    LOCK_STALE_SECONDS,
    ZERO,
    BranchRef,
    RefLocked,
    RefMoved,
    clean,
)
from interpellations.record.store.snapshot import Snapshot, ThreadRepo
from interpellations.record.store.writerlock import Held, WriterLock

__all__ = ["CommitInfo", "Draft", "Snapshot", "Store", "WriteResult", "run_git"]

BRANCH = "main"
STUCK_WRITE_SECONDS = 30.0
log = logging.getLogger("interpellations.store")

Changes = Mapping[str, bytes | None]
"""Paths to their new bytes; `None` deletes the file."""


@dataclass(frozen=True)
class Draft:
    """What one action commits: its file changes, its French message, its trailers."""

    changes: Changes
    message: str
    trailers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class WriteResult:
    """What a write did: the new version (or the unchanged head) and what it cost."""

    version: str
    parent: str
    changed: bool
    fsyncs: int = 0


class Store:
    """One data repository: read at any version, write one commit per action."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.git_dir = path  # bare: people clone it, commit, and push back
        self.branch = BranchRef(self.git_dir, BRANCH)
        # One writer at a time: among this process's threads, then among our processes
        self._write_lock = threading.Lock()
        self._write_started: float | None = None
        self._writer_lock = WriterLock(self.git_dir)
        self._local = threading.local()
        self._repos: list[git.Repo] = []
        self._repos_lock = threading.Lock()
        self.last_write_fsyncs = 0
        self.upgraded: list[str] = []  # the guards `open` had to install or restore
        # called after each write (the backup's push), once the locks are released
        self.after_write: list[Callable[[], None]] = []

    @cached_property
    def limits(self) -> Limits:
        """The sizes the repository's config allows (read once: a restart applies a change)."""
        return Limits.of(self.git_dir)

    # -- creation and opening ------------------------------------------------------

    @classmethod
    def init(cls, path: Path) -> Store:
        """Create an empty (bare) data repository with the durability settings.

        Bare, like a forge's: no working tree that the service's commits would
        leave behind. A coordinator clones it, and a hand commit is pushed back.
        """
        if path.exists() and any(path.iterdir()):
            raise FileExistsError(path)
        path.mkdir(parents=True, exist_ok=True)
        run_git(path, "init", "--quiet", "--bare", f"--initial-branch={BRANCH}")
        for key, value in DURABILITY_CONFIG.items():
            run_git(path, "config", "--local", key, value)
        ensure_guards(path)
        return cls(path)

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open an existing data repository and repair what a crash may have left."""
        if not ((path / "HEAD").is_file() and (path / "objects").is_dir()):
            raise NotFound(what="repository", path=str(path))
        store = cls(path)
        # Debris first: a stale `config.lock` left by a killed `git config` would
        # make restoring a setting fail.
        store.recover()
        store.ensure_config()
        store.upgraded = store.ensure_guards()
        return store

    def ensure_guards(self) -> list[str]:
        """Give a registre of an older release the guards on pushes; what was installed."""
        try:
            changed = ensure_guards(self.git_dir)
        except (PermissionError, RuntimeError):
            return []  # a reader without write access: the owner's next start installs them
        if changed:
            log.warning("registre %s: push guards installed or restored: %s", self.path, changed)
        return changed

    def ensure_config(self) -> list[str]:
        """Restore the durability settings someone weakened or removed; return their keys."""
        return ensure_durability(self.git_dir)

    def recover(self) -> list[str]:
        """Remove what a killed writer left behind: locks and temporary objects.

        Run under the writer lock, so nothing a live writer of ours owns (the
        service's, while the command line opens the repository) is taken for
        debris. Ours goes at once; git's (a push in progress?) once it is stale.
        """
        try:
            with self._writer_lock.held() as held:
                return self._remove_debris(held)
        except PermissionError:
            return []  # a reader without write access: it could remove nothing anyway

    def _remove_debris(self, held: Held) -> list[str]:
        ours = held.owned_branch_lock()
        removed = _remove_stale(self.branch.lock_path, 0 if ours else LOCK_STALE_SECONDS)
        held.mark(False)
        for lock in ("index.lock", "HEAD.lock", "packed-refs.lock", "config.lock"):
            removed += _remove_stale(self.git_dir / lock, LOCK_STALE_SECONDS)
        for temp in (self.git_dir / "objects").glob("??/tmp_obj_*"):
            mine = temp.name.startswith(TEMP_PREFIX)
            removed += _remove_stale(temp, 0 if mine else LOCK_STALE_SECONDS)
        return removed

    def close(self) -> None:
        with self._repos_lock:
            for repo in self._repos:
                repo.close()
            self._repos.clear()
        self._local = threading.local()

    # -- reading -------------------------------------------------------------------

    @property
    def repo(self) -> git.Repo:
        """This thread's own GitPython repository."""
        holder: ThreadRepo | None = getattr(self._local, "repo", None)
        if holder is None:
            holder = ThreadRepo(git.Repo(self.path), self._repos, self._repos_lock)
            self._local.repo = holder
        return holder.repo

    def head(self) -> str:
        return self.branch.read()

    def snapshot(self, version: str | None = None) -> Snapshot:
        return Snapshot(self.repo, self.resolve(version) if version else self.head())

    def read(self, path: str, version: str | None = None) -> bytes | None:
        return self.snapshot(version).read(path)

    def resolve(self, version: str) -> str:
        """The full id of a version given in full or abbreviated; refuses anything else."""
        check_version(version)
        if FULL_VERSION_RE.fullmatch(version):
            full = version
        else:
            try:
                full = self.repo.git.rev_parse("--verify", "--quiet", f"{version}^{{commit}}")
            except git.GitCommandError as error:
                raise NotFound(what="version", version=version) from error
        try:
            kind = self.repo.odb.info(bytes.fromhex(full)).type
        except (ValueError, OSError) as error:
            raise NotFound(what="version", version=version) from error
        if kind != b"commit":
            raise NotFound(what="version", version=version)
        return full

    def is_ancestor(self, older: str, newer: str) -> bool:
        try:
            self.repo.git.merge_base("--is-ancestor", check_version(older), check_version(newer))
        except git.GitCommandError:
            return False
        return True

    def versions_touching(self, paths: list[str], *, until: str, limit: int) -> list[str]:
        """The versions up to `until` that changed one of `paths`, newest first (first parents)."""
        out = self.repo.git.log(
            "--first-parent",
            "--format=%H",
            f"--max-count={limit}",
            check_version(until),
            "--",
            *paths,
        )
        return [str(line) for line in out.split()]

    def first_parent(self, version: str) -> str | None:
        """The version before `version` on the branch; `None` for the first one."""
        out = self.repo.git.rev_list("--parents", "--max-count=1", check_version(version))
        parents = out.split()[1:]
        return parents[0] if parents else None

    def count_between(self, since: str, until: str) -> int:
        """How many versions `until` has that `since` does not."""
        span = f"{check_version(since)}..{check_version(until)}"
        return int(self.repo.git.rev_list("--count", span))

    def commits(self, since: str | None = None, until: str | None = None) -> Iterable[CommitInfo]:
        """The versions after `since` up to `until` (default: head), oldest first.

        git starts at once, in its own process; the versions are read when iterated.
        """
        until = until or self.head()
        if until == ZERO:
            return ()
        span = f"{check_version(since)}..{check_version(until)}" if since else check_version(until)
        return RunningLog(self.path, span)

    def commit_info(self, version: str) -> CommitInfo:
        full = self.resolve(version)
        out = self.repo.git.show(
            "--no-renames",
            "--diff-merges=first-parent",
            "--name-only",
            f"--format={LOG_FORMAT}",
            full,
            "--",
        )
        return parse_log_record(out.split("\x1e")[1])

    # -- writing -------------------------------------------------------------------

    @contextmanager
    def _timed_write(self) -> Iterator[None]:
        self._write_started = time.monotonic()
        try:
            yield
        finally:
            self._write_started = None

    def writer_free(self, stuck_after: float = STUCK_WRITE_SECONDS) -> bool:
        """Is the writer able to take a write (none has hung for `stuck_after` seconds)?"""
        started = self._write_started
        return started is None or time.monotonic() - started < stuck_after

    def transact(
        self,
        build: Callable[[Snapshot], Draft | None],
        *,
        author: Identity,
        attempts: int = 5,
    ) -> WriteResult:
        """Apply the changes `build` drafts on the head as one commit by `author`.

        `build` is called with the head under the write locks and may be called
        again if the branch moved (a hand commit) before the swap: it must be a
        function of the snapshot it is given. No change, no commit.
        """
        with self._write_lock, self._writer_lock.held() as held, self._timed_write():
            for _ in range(attempts):
                head = self.head()
                snapshot = Snapshot(self.repo, head)
                draft = build(snapshot)
                if draft is None or not draft.changes:
                    return WriteResult(head, head, changed=False)
                writer = DurableWriter(self.git_dir / "objects")
                tree = self._write_tree(snapshot, "", draft.changes, writer)
                if head != ZERO and tree == snapshot.root_tree():
                    return WriteResult(head, head, changed=False)
                commit = self._write_commit(writer, tree or writer.tree([]), head, author, draft)
                writer.flush()
                try:
                    ref_fsyncs = self.branch.compare_and_swap(
                        head, commit, author, draft.message, held.mark
                    )
                except (RefMoved, RefLocked):
                    # a hand commit or push moved (or still holds) the branch:
                    # draft again on the new head rather than fail at once
                    continue
                self.last_write_fsyncs = writer.fsyncs + ref_fsyncs
                result = WriteResult(commit, head, changed=True, fsyncs=self.last_write_fsyncs)
                break
            else:
                raise WriteContention(attempts=attempts)
        for listener in self.after_write:
            listener()
        return result

    def _write_tree(
        self, snapshot: Snapshot, folder: str, changes: Changes, writer: DurableWriter
    ) -> bytes | None:
        """Write the new tree of `folder`; only the folders on changed paths are rebuilt."""
        entries = dict(snapshot.entries(folder))
        below: dict[str, dict[str, bytes | None]] = {}
        for path, content in changes.items():
            name, sep, rest = path.partition("/")
            _check_path_part(name)
            if sep:
                below.setdefault(name, {})[rest] = content
            elif content is None:
                entries.pop(name, None)
            else:
                entries[name] = (writer.blob(content), 0o100644)
        for name, sub_changes in below.items():
            sub_folder = f"{folder}/{name}" if folder else name
            sub_tree = self._write_tree(snapshot, sub_folder, sub_changes, writer)
            if sub_tree is None:
                entries.pop(name, None)
            else:
                entries[name] = (sub_tree, TREE_MODE)
        if not entries:
            return None
        return writer.tree((sha, mode, name) for name, (sha, mode) in entries.items())

    @staticmethod
    def _write_commit(
        writer: DurableWriter,
        tree: bytes,
        parent: str,
        author: Identity,
        draft: Draft,
    ) -> str:
        moment = now()
        stamp = f"{int(moment.timestamp())} {moment.strftime('%z')}"
        person = f"{clean(author.name)} <{clean(author.email)}> {stamp}"
        lines = [f"tree {tree.hex()}"]
        if parent != ZERO:
            lines.append(f"parent {parent}")
        lines += [f"author {person}", f"committer {person}", ""]
        body = draft.message.strip() + "\n"
        if draft.trailers:
            body += "\n" + "".join(f"{k}: {clean(v)}\n" for k, v in draft.trailers.items())
        content = ("\n".join(lines) + "\n" + body).encode()
        return writer.write(b"commit", content).hex()


def _remove_stale(path: Path, max_age: float) -> list[str]:
    """Remove `path` if it is at least `max_age` seconds old; what was removed."""
    try:
        if time.time() - path.stat().st_mtime < max_age:
            return []
        path.unlink()
    except FileNotFoundError:
        return []
    return [str(path)]


def _check_path_part(name: str) -> None:
    # `.GIT` too: a clone on a case-insensitive disk would take it for its git folder
    if not name or name in (".", "..") or name.lower() == ".git" or "\0" in name or "\\" in name:
        raise InvalidIdentifier("path", name)

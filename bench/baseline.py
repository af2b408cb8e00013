"""The baseline: the same edit made with the git command line, durable the same way.

A worktree of the data repository (sharing its objects and its configuration,
so `gc.auto=0` holds there too) on a branch of its own; each sample writes the
changed file, then `git add` and `git commit` with `core.fsync` set as the store
sets it. The branch `main` is never touched.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

from bench.corpus import Spec, change_sentence
from bench.stats import timed
from bench.workload import Sample
from interpellations.record.store import Identity, Store, run_git

FSYNC_OPTIONS = (
    "-c",
    "core.fsync=objects,reference,index",
    "-c",
    "core.fsyncMethod=fsync",
)


class GitBaseline:
    """A worktree where edits are committed by `git add` + `git commit`."""

    def __init__(self, store: Store, folder: Path, branch: str, author: Identity) -> None:
        self.store = store
        self.folder = folder
        self.branch = branch
        self.author = author
        self.env = {
            **os.environ,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_TERMINAL_PROMPT": "0",
        }
        self.options = (
            *FSYNC_OPTIONS,
            "-c",
            f"user.name={author.name}",
            "-c",
            f"user.email={author.email}",
        )

    def __enter__(self) -> GitBaseline:
        head = self.store.head()
        run_git(
            self.store.path, "worktree", "add", "--quiet", "-b", self.branch, str(self.folder), head
        )
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        run_git(self.store.path, "worktree", "remove", "--force", str(self.folder))
        run_git(self.store.path, "branch", "-D", self.branch, check=False)

    def edit(self, spec: Spec, number: int) -> float:
        """Change one sentence of a text and commit it; return the seconds it took."""
        file = self.folder / spec.text_path
        text = change_sentence(file.read_text(encoding="utf-8"), number)
        _, seconds = timed(lambda: self._commit(file, spec, text))
        return seconds

    def sample(self, sessions: Iterator[int]) -> Callable[[Spec], Sample]:
        """`edit` as a timed operation, each edit numbered from `sessions`."""

        def operation(spec: Spec) -> Sample:
            return Sample(self.edit(spec, next(sessions)))

        return operation

    def _commit(self, file: Path, spec: Spec, text: str) -> None:
        file.write_text(text, encoding="utf-8")
        self._git("add", spec.text_path)
        self._git(
            "commit",
            "--quiet",
            "-m",
            f"Modifie le texte de « {spec.title} »",
            f"--author={self.author.name} <{self.author.email}>",
        )

    def _git(self, *args: str) -> None:
        subprocess.run(
            ["git", *self.options, *args],
            cwd=self.folder,
            env=self.env,
            check=True,
            capture_output=True,
        )

"""A writer killed at random moments: every acknowledged write survives, git stays sound.

A child process (`tests/crash/writer.py`) writes comments and notes as fast as
it can and prints each commit id once its write returned; the test kills it with
SIGKILL after a random delay, then checks what a coordinator would: the service
opens again, `git fsck` is clean, every acknowledged commit is in the history
and in the reflog, and the next write goes through.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from coordination import DRAFTER
from gitcheck import fsck

from interpellations.acts.discussion import add_comment
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.store import Store, run_git

WRITER = Path(__file__).parent / "crash" / "writer.py"
DIE_AT = Path(__file__).parent / "crash" / "die_at.py"
SEED = 20260312
KILLS = 10


def run_and_kill(repo: Path, iid: InterpellationId, label: str, delay: float) -> list[str]:
    """Start a writer, kill it `delay` seconds after its first write; the ids it acknowledged."""
    errors = repo.parent / f"writer-{label}.err"
    with errors.open("w") as stderr:
        child = subprocess.Popen(
            [sys.executable, str(WRITER), str(repo), str(iid), label],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=Path(__file__).parent.parent,
        )
    assert child.stdout is not None
    watchdog = threading.Timer(60, child.kill)  # a hung child fails the test, not CI
    watchdog.start()
    try:
        # imports and `Store.open` are not what we test: the clock starts at the first
        # acknowledged write, so every kill lands among writes that are going on
        ready, first = child.stdout.readline(), child.stdout.readline()
        assert (ready, len(first)) == ("ready\n", 41), errors.read_text()
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
        out = first + child.stdout.read()  # not `communicate`: it skips what is buffered
        child.wait()
    finally:
        watchdog.cancel()
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL, errors.read_text()  # writing, not failing
    # only whole lines: a line is printed (so acknowledged) in one write
    return [line.strip() for line in out.splitlines(keepends=True) if len(line) == 41]


def check_after_crash(repo: Path, iid: InterpellationId, acknowledged: list[str]) -> str:
    """What a coordinator checks after the crash; the head the service reopened on."""
    store = Store.open(repo)  # recovers the branch lock and temporary objects
    try:
        assert not (repo / "refs" / "heads" / "main.lock").exists()
        assert not list((repo / "objects").glob("??/tmp_obj_*"))
        fsck(repo)
        head = store.head()
        assert all(store.is_ancestor(version, head) for version in acknowledged)
        reflog = set(run_git(repo, "reflog", "show", "--format=%H", "main").split())
        assert set(acknowledged) <= reflog
        _, result = add_comment(store, DRAFTER, iid, "Après l'interruption.")
        assert (result.changed, result.parent) == (True, head)
        assert load_interpellation(store.snapshot(), iid).journal.events[-1].by == DRAFTER
    finally:
        store.close()
    return head


def test_a_killed_writer_loses_no_acknowledged_write(
    store: Store, interpellation: InterpellationId
) -> None:
    repo = store.path
    store.close()  # the child is the only writer while it runs
    rng = random.Random(SEED)
    acknowledged: list[str] = []
    for kill in range(KILLS):
        acknowledged += run_and_kill(repo, interpellation, f"r{kill}", rng.uniform(0.005, 0.120))
        check_after_crash(repo, interpellation, acknowledged)
    assert len(acknowledged) >= KILLS  # at least one write acknowledged before each kill
    assert len(set(acknowledged)) == len(acknowledged)


@pytest.mark.parametrize("point", ["object", "branch"])
def test_a_writer_killed_at_a_precise_point_leaves_nothing_that_blocks(
    store: Store, interpellation: InterpellationId, point: str
) -> None:
    repo, head = store.path, store.head()
    store.close()
    child = subprocess.run(
        [sys.executable, str(DIE_AT), str(repo), point],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    left = {
        "object": list((repo / "objects").glob("??/tmp_obj_*")),
        "branch": list((repo / "refs" / "heads").glob("main.lock")),
    }
    assert left[point]  # the writer did die at that point, holding what it holds there

    assert check_after_crash(repo, interpellation, []) == head  # it was never acknowledged
    assert run_git(repo, "rev-list", "--count", f"{head}..main") == "1"  # the write after it
    assert run_git(repo, "ls-tree", "main", "notes/jamais.txt") == ""

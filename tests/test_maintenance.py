"""git's maintenance on a grown registre, with writes running during the repack.

Nothing acknowledged is lost (every write's commit is on the branch, with its
file), `git fsck` finds nothing, and the loose objects are packed.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from coordination import OUTSIDER
from gitcheck import fsck
from registre import HEALTH

from interpellations.acts.discussion import add_comment
from interpellations.record.registry import Identity
from interpellations.record.store import Draft, Store, run_git
from interpellations.record.store.maintenance import loose_objects, maintain
from server.service import Backups, start_service

WHO = Identity("Ana Martin", "ana@example.org")


def write(store: Store, path: str, text: str) -> str:
    done = store.transact(
        lambda _snapshot: Draft({path: text.encode()}, f"Écrit {path}"), author=WHO
    )
    return done.version


def test_maintenance_packs_while_writes_go_on(tmp_path: Path) -> None:
    store = Store.init(tmp_path / "registre.git")
    for number in range(150):  # grown: a loose commit, tree and blob per write
        write(store, f"notes/{number % 10}.md", f"Version {number}\n")
    before = loose_objects(store.git_dir)
    assert before.count > 400
    # what an abandoned write left long ago: unreachable, three weeks old
    abandoned = [
        run_git(store.git_dir, "hash-object", "-w", "--stdin", input_text=f"abandon {n}\n")
        for n in range(5)
    ]
    weeks_ago = time.time() - 21 * 24 * 3600
    for sha in abandoned:
        os.utime(store.git_dir / "objects" / sha[:2] / sha[2:], (weeks_ago, weeks_ago))

    acknowledged: list[tuple[str, str, str]] = []
    lock = threading.Lock()

    def writer(name: str) -> None:
        for number in range(25):
            path, text = f"ecrits/{name}-{number}.md", f"{name} {number}\n"
            version = write(store, path, text)
            with lock:
                acknowledged.append((version, path, text))

    threads = [threading.Thread(target=writer, args=(f"w{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    packed_from, packed_to = maintain(store.git_dir)
    for thread in threads:
        thread.join()

    assert packed_from.count > 400 and packed_to.count < packed_from.count // 2  # packed
    for sha in abandoned:  # old and unreachable: pruned
        assert run_git(store.git_dir, "cat-file", "-e", sha, check=False) == ""
        assert not (store.git_dir / "objects" / sha[:2] / sha[2:]).exists()
    head = store.snapshot()
    assert len(acknowledged) == 75
    for version, path, text in acknowledged:
        assert store.is_ancestor(version, store.head())
        assert head.read(path) == text.encode()
    fsck(store.git_dir)
    assert run_git(store.git_dir, "rev-list", "--count", "main") == str(150 + 75)


def test_the_service_maintains_the_registre_every_n_writes(registre: Store, tmp_path: Path) -> None:
    service = start_service(
        registre.path, tmp_path / "index.sqlite", backups=Backups(maintenance_every=5)
    )
    try:
        for number in range(4):
            add_comment(service.store, OUTSIDER, HEALTH, f"Remarque {number}.")
        assert service.upkeep is not None and service.upkeep.last is None  # not yet
        add_comment(service.store, OUTSIDER, HEALTH, "La cinquième.")
        service.upkeep.join()
        assert service.upkeep.last is not None
        before, after = service.upkeep.last
        assert after.count < before.count
    finally:
        service.close()
    fsck(registre.path)

"""Child process of `test_crash`: writes as fast as it can until it is killed.

Usage: `python writer.py <data repository> <interpellation> <round>`. It prints
`ready` once the store is open, then the id of every commit the moment its
write is acknowledged (the call returned), flushed at once: each printed id is a
promise the parent checks after killing it with SIGKILL.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from interpellations.acts.discussion import add_comment
from interpellations.record.ids import InterpellationId
from interpellations.record.loading import load_record
from interpellations.record.store import Draft, Identity, Snapshot, Store, WriteResult

ACTOR = "lea.dubois@droit-au-logement.example"  # Léa Dubois, of the tests' coordination
SERVICE = Identity("Léa Dubois", ACTOR)
NOTES = "notes/ecritures.txt"


def append_note(line: str) -> Callable[[Snapshot], Draft]:
    """A small raw write: most of its time is spent writing and fsyncing objects."""

    def build(snapshot: Snapshot) -> Draft:
        before = snapshot.read(NOTES) or b""
        return Draft({NOTES: before + line.encode() + b"\n"}, f"Note {line}")

    return build


def write(store: Store, iid: InterpellationId, label: str, n: int) -> WriteResult:
    if n % 2:
        return add_comment(store, ACTOR, iid, f"Commentaire {label}-{n}")[1]
    return store.transact(append_note(f"{label}-{n}"), author=SERVICE)


def main(path: str, interpellation: str, label: str) -> None:
    store = Store.open(Path(path))
    iid = InterpellationId.parse(interpellation)
    load_record(store.snapshot())  # parsed once and cached: writes then take milliseconds
    print("ready", flush=True)
    n = 0
    while True:
        result = write(store, iid, label, n)
        print(result.version, flush=True)
        n += 1


if __name__ == "__main__":
    main(*sys.argv[1:4])

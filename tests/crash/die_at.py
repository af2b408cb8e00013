"""Child process of `test_crash`: a writer that kills itself at one precise point.

Usage: `python die_at.py <data repository> <point>`, where the point is `object`
(a temporary object written and fsynced, not yet renamed into place) or `branch`
(the branch lock taken and written, not yet renamed over the branch). The kill
is SIGKILL, as a power cut or the OOM killer would: no clean-up code runs.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from interpellations.record.store import Draft, Identity, Store

real_replace = os.replace


def die_before(store: Store, point: str) -> None:
    def replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        target = Path(target)
        if (point == "branch" and target == store.branch.path) or (
            point == "object" and target.parent.parent.name == "objects"
        ):
            os.kill(os.getpid(), signal.SIGKILL)
        real_replace(source, target)

    os.replace = replace  # type: ignore[assignment]


def main(path: str, point: str) -> None:
    store = Store.open(Path(path))
    die_before(store, point)
    store.transact(
        lambda snapshot: Draft({"notes/jamais.txt": b"jamais\n"}, "Jamais enregistre"),
        author=Identity("Léa Dubois", "lea.dubois@droit-au-logement.example"),
    )
    sys.exit("the writer was meant to die")


if __name__ == "__main__":
    main(*sys.argv[1:3])

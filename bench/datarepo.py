"""Building the benchmark's data repository: found, import the corpus, grow the history.

Every commit goes through the store's own writer (`Store.transact`): durable
objects and a compare-and-swap of the branch, exactly as the service writes.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import TEXT_FILE, Spec, change_sentence, generate
from interpellations.clock import now
from interpellations.demo.build import build_demo
from interpellations.record.document import text_id
from interpellations.record.journal import append_event, new_event_id
from interpellations.record.loading import load_record
from interpellations.record.model import CommentEvent
from interpellations.record.store import Draft, Identity, Snapshot, Store, maintenance, run_git

COORDINATOR = "thomas.lejeune@cpas-hautvallon.example"
# Members of both sides and of several groups: anyone in the record may comment.
COMMENTERS = (
    "samira.haddad@droitautoit.example",
    "helene.dubois@cpas-hautvallon.example",
    "pierre.lambert@maisonmedicale-parc.example",
    "bram.peeters@debrug-vzw.example",
    "isabelle.moreau@cpas-hautvallon.example",
    "claire.dumont@lire-ensemble.example",
    "julien.marchal@coordination-hautvallon.example",
)
COMMENT_BODIES = (
    "Pouvons-nous ajouter un chiffre récent pour appuyer ce constat ?",
    "D'accord avec cette formulation, elle reprend bien ce que nous avons dit en réunion.",
    "Il faudrait préciser le délai de réponse attendu de l'autorité.",
    "La proposition 3 me semble trop vague : qui la mettrait en œuvre, et avec quels moyens ?",
    "Je propose de citer l'exemple d'une commune voisine qui a déjà pris cette mesure.",
)
PROGRESS_EVERY = 5_000


@dataclass(frozen=True)
class Imported:
    """What the import left: the repository, its interpellations, how long it took."""

    store: Store
    specs: list[Spec]
    commits: int
    seconds: float


def commit_count(store: Store) -> int:
    """The number of commits on the branch (`git rev-list --count`)."""
    return int(run_git(store.path, "rev-list", "--count", store.head()))


def loose_objects(store: Store) -> tuple[int, int]:
    """How many loose objects the repository holds, and the bytes they take on disk."""
    found = maintenance.loose_objects(store.path)
    return found.count, found.bytes


def objects_bytes(store: Store) -> int:
    """What the whole object database takes on disk: loose objects and packs."""
    return sum(
        entry.stat().st_blocks * 512
        for entry in (store.path / "objects").rglob("*")
        if entry.is_file()
    )


def identity(store: Store, email: str) -> Identity:
    return load_record(store.snapshot()).identity(email)


def build_repository(path: Path, count: int, batch: int, rng: random.Random) -> Imported:
    """Found the demo coordination at `path` and import `count` interpellations."""
    start = time.perf_counter()
    store = build_demo(path, limit=0)
    specs = generate(count, rng, COORDINATOR)
    author = identity(store, COORDINATOR)
    for first in range(0, len(specs), batch):
        _import_batch(store, specs[first : first + batch], author)
    return Imported(store, specs, commit_count(store), time.perf_counter() - start)


def _import_batch(store: Store, specs: Sequence[Spec], author: Identity) -> None:
    changes: dict[str, bytes | None] = {}
    for spec in specs:
        changes.update(spec.files())
    draft = Draft(
        changes=changes,
        message=f"Importe {len(specs)} interpellations",  # a bulk import, as by hand
    )
    result = store.transact(lambda _snapshot: draft, author=author)
    if not result.changed:
        raise RuntimeError("an import batch committed nothing")


class Grower:
    """Adds one-file commits (an edit or a comment) on random interpellations."""

    def __init__(
        self,
        store: Store,
        specs: Sequence[Spec],
        rng: random.Random,
        sessions: Iterator[int],
    ) -> None:
        self.store = store
        self.specs = specs
        self.rng = rng
        self.sessions = sessions
        self.editor = identity(store, COORDINATOR)
        self.commenters = [identity(store, email) for email in COMMENTERS]

    def grow_to(self, target: int, start: int) -> tuple[int, float]:
        """Commit until the branch holds `target` commits; return (commits made, seconds)."""
        began = time.perf_counter()
        made = 0
        for count in range(start + 1, target + 1):
            self.one_commit()
            made += 1
            if count % PROGRESS_EVERY == 0:
                _progress(count, made, time.perf_counter() - began)
        return made, time.perf_counter() - began

    def one_commit(self) -> None:
        spec = self.rng.choice(self.specs)
        if self.rng.random() < 0.5:
            self._edit(spec)
        else:
            self._comment(spec)

    def _edit(self, spec: Spec) -> None:
        number = next(self.sessions)

        def build(snapshot: Snapshot) -> Draft:
            current = (snapshot.read(spec.text_path) or b"").decode()
            changed = change_sentence(current, number).encode()
            return Draft(
                changes={spec.text_path: changed},
                message=f"Modifie le texte de « {spec.title} »",
                trailers={
                    "Action": "edit",
                    "Interpellation": str(spec.iid),
                    "Text-Id": text_id({TEXT_FILE: changed}),
                },
            )

        self.store.transact(build, author=self.editor)

    def _comment(self, spec: Spec) -> None:
        author = self.rng.choice(self.commenters)
        body = self.rng.choice(COMMENT_BODIES)

        def build(snapshot: Snapshot) -> Draft:
            event = CommentEvent(id=new_event_id("c"), at=now(), by=author.email, body=body)
            text = snapshot.read(spec.text_path) or b""
            return Draft(
                changes={spec.journal_path: append_event(snapshot.read(spec.journal_path), event)},
                message=f"Commente « {spec.title} »",
                trailers={
                    "Action": "comment",
                    "Interpellation": str(spec.iid),
                    "Text-Id": text_id({TEXT_FILE: text}),
                    "Event": event.id,
                },
            )

        self.store.transact(build, author=author)


def _progress(count: int, made: int, seconds: float) -> None:
    rate = made / seconds if seconds else 0.0
    print(
        f"  … {count:,} commits ({made:,} added in {seconds:.0f} s, {rate:.0f} commits/s)",
        file=sys.stderr,
        flush=True,
    )

"""The operations measured on the store: durable writes and reads, one at a time.

Each operation is timed around the product's own function only: what a person
has already read or typed (the head they started from, their new text) is
prepared before the clock starts.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from bench.corpus import Spec, change_sentence
from bench.datarepo import COMMENT_BODIES, COMMENTERS, COORDINATOR
from bench.stats import timed
from interpellations.acts.discussion import add_comment
from interpellations.acts.drafting import edit_texts
from interpellations.record.interpellation import load_interpellation
from interpellations.record.model import Language
from interpellations.record.store import Store


@dataclass(frozen=True)
class Sample:
    """One timed operation: its seconds and, for a write, the fsyncs it cost."""

    seconds: float
    fsyncs: int = 0


class StoreWorkload:
    """Edits, comments and reads on random interpellations of one store."""

    def __init__(self, store: Store, rng: random.Random, sessions: Iterator[int]) -> None:
        self.store = store
        self.rng = rng
        self.sessions = sessions

    def edit(self, spec: Spec) -> Sample:
        """Save the text with one sentence changed, from the current head."""
        base = self.store.head()
        current = (self.store.read(spec.text_path, base) or b"").decode()
        text = change_sentence(current, next(self.sessions))
        result, seconds = timed(
            lambda: edit_texts(self.store, COORDINATOR, spec.iid, {Language.FR: text}, base)
        )
        if not result.write.changed or result.merged:
            raise RuntimeError(f"the edit of {spec.iid} did not commit as expected")
        return Sample(seconds, result.write.fsyncs)

    def comment(self, spec: Spec) -> Sample:
        """Comment on the whole text, as a member of the record."""
        actor = self.rng.choice(COMMENTERS)
        body = self.rng.choice(COMMENT_BODIES)
        (_, write), seconds = timed(lambda: add_comment(self.store, actor, spec.iid, body))
        if not write.changed:
            raise RuntimeError(f"the comment on {spec.iid} committed nothing")
        return Sample(seconds, write.fsyncs)

    def read(self, spec: Spec) -> Sample:
        """Read one interpellation (texts and journal) at the head, as a page view does."""
        read, seconds = timed(lambda: load_interpellation(self.store.snapshot(), spec.iid))
        if read.id != spec.iid:
            raise RuntimeError(f"read {read.id} instead of {spec.iid}")
        return Sample(seconds)

    def read_file(self, spec: Spec) -> Sample:
        """Read the bytes of one file at the head, nothing parsed."""
        raw, seconds = timed(lambda: self.store.read(spec.text_path))
        if not raw:
            raise RuntimeError(f"{spec.text_path} is missing")
        return Sample(seconds)


def run_paired(
    operations: Sequence[Callable[[Spec], Sample]],
    specs: Sequence[Spec],
    count: int,
    rng: random.Random,
    warmup: int = 5,
) -> list[list[Sample]]:
    """`count` timed runs of each operation, taking turns on the same random interpellation.

    With two operations (one store at each history length) both are timed in the
    same seconds, so a busy machine slows both alike and their ratio holds. The
    order alternates, and a few untimed runs come first.
    """
    for _ in range(warmup):
        spec = rng.choice(specs)
        for operation in operations:
            operation(spec)
    samples: list[list[Sample]] = [[] for _ in operations]
    for turn in range(count):
        spec = rng.choice(specs)
        order = range(len(operations)) if turn % 2 == 0 else reversed(range(len(operations)))
        for slot in order:
            samples[slot].append(operations[slot](spec))
    return samples

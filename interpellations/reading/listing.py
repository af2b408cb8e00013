"""The list of interpellations: the index's lines, with where each side stands today.

The index keeps facts (the signatures, the approval recorded); how many count
for each side is asked when the list is read, by the parity rule, as of that
day: a mandate that ends changes the list with no new commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from interpellations.index.index import Index, Summary
from interpellations.record.loading import load_record
from interpellations.record.model import Side
from interpellations.record.registry import Record
from interpellations.record.store import Store
from interpellations.rules.parity import side_status
from interpellations.rules.states import State


@dataclass(frozen=True)
class Tally:
    """Valid signatures of one side on the current text, against its quorum."""

    side: Side
    signed: int
    quorum: int


@dataclass(frozen=True)
class Filters:
    text: str = ""
    state: str | None = None
    theme: str | None = None
    group: str | None = None
    authority: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class Line(Summary):
    """One line of the list, with each side's count as of the day it is read."""

    tallies: tuple[Tally, ...] = ()


def tallies_of(summary: Summary, record: Record, today: dt.date) -> tuple[Tally, ...]:
    """As recorded by the approval once approved; counted today while submitted; else none."""
    if summary.approval:
        return tuple(Tally(a.side, len(a.signers), a.quorum) for a in summary.approval)
    if summary.state != State.SUBMITTED:
        return ()
    counted = [
        side_status(summary.signatures, summary.text_id, record, side, today) for side in Side
    ]
    return tuple(Tally(c.side, c.count, c.quorum) for c in counted)


def list_interpellations(
    store: Store, index: Index, filters: Filters, today: dt.date, *, limit: int, offset: int = 0
) -> list[Line]:
    """The lines matching every filter, most recently changed first, counted as of `today`."""
    found = index.search(
        text=filters.text,
        state=filters.state,
        theme=filters.theme,
        group=filters.group,
        authority=filters.authority,
        year=filters.year,
        limit=limit,
        offset=offset,
    )
    record = load_record(store.snapshot(index.version or None))
    return [Line(**vars(s), tallies=tallies_of(s, record, today)) for s in found]

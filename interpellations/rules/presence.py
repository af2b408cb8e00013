"""Who counts as present at a committee decision: distinct people, each holding a seat that day.

Per side, the sitting members present count, and the substitutes present count
only up to the number of that side's sitting members who are absent (a
substitute sits in place of an absent member, never beside a full side).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from interpellations.record.model import Side
from interpellations.record.registry import Record
from interpellations.record.seats import Seat, seat_of, sitting


@dataclass(frozen=True)
class Presence:
    """The members present at a decision, counted per side, or why the list is refused."""

    counted: dict[Side, int]
    twice: str | None = None  # the name of someone listed twice
    without_seat: str | None = None  # the name (or address) of someone without a seat that day


def presence(record: Record, present: Sequence[str], day: dt.date) -> Presence:
    """Count the people present on `day`; the first duplicate or seatless person stops it."""
    seen: set[str] = set()
    sitting_present: dict[Side, set[str]] = {side: set() for side in Side}
    substitutes_present: dict[Side, int] = dict.fromkeys(Side, 0)
    for given in present:
        email = given.strip().lower()
        member = record.member(email)
        name = member.name if member else given.strip()[:254]
        if email in seen:
            return Presence({}, twice=name)
        seen.add(email)
        seat = seat_of(member, day) if member else None
        if member is None or seat is None:
            return Presence({}, without_seat=name)
        if seat == Seat.SITTING:
            sitting_present[member.side].add(email)
        else:
            substitutes_present[member.side] += 1
    counted = {}
    for side in Side:
        absent = [
            m for m in sitting(record.members, side, day) if m.email not in sitting_present[side]
        ]
        counted[side] = len(sitting_present[side]) + min(substitutes_present[side], len(absent))
    return Presence(counted)

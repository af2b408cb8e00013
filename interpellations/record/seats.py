"""The steering committee: who holds a seat for which side, on which day.

Pure functions over the members of the record. A member sits (membre, president,
vice-president) or substitutes (suppleant) for their side between the dates of
their mandate; coordinators administer and sit only if they also hold a seat.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from interpellations.record.model import Member, Role, Side

SITTING_ROLES = frozenset({Role.MEMBER, Role.PRESIDENT, Role.VICE_PRESIDENT})
CHAIR_ROLES = frozenset({Role.PRESIDENT, Role.VICE_PRESIDENT})


class Seat(StrEnum):
    SITTING = "sitting"
    SUBSTITUTE = "substitute"


def in_mandate(member: Member, day: dt.date) -> bool:
    """Was the member's mandate running on `day` (both ends included)?"""
    if member.mandate_from and day < member.mandate_from:
        return False
    return not (member.mandate_to and day > member.mandate_to)


def seat_of(member: Member, day: dt.date) -> Seat | None:
    """The member's seat on `day`, if any: sitting first, else substitute."""
    if not in_mandate(member, day):
        return None
    roles = set(member.roles)
    if roles & SITTING_ROLES:
        return Seat.SITTING
    if Role.SUBSTITUTE in roles:
        return Seat.SUBSTITUTE
    return None


def holds_committee_role(member: Member) -> bool:
    """Does the member hold (or did they hold) a seat or a substitute's place at all?"""
    return bool(set(member.roles) & (SITTING_ROLES | {Role.SUBSTITUTE}))


def sitting(members: tuple[Member, ...] | list[Member], side: Side, day: dt.date) -> list[Member]:
    """The members sitting for `side` on `day`."""
    return [m for m in members if m.side == side and seat_of(m, day) == Seat.SITTING]


def is_chair_or_coordinator(member: Member) -> bool:
    """Who records a committee decision: the president, the vice-president, a coordinator."""
    return bool(set(member.roles) & (CHAIR_ROLES | {Role.COORDINATOR}))


def sitting_overflow(
    members: tuple[Member, ...] | list[Member], seats: int
) -> list[tuple[Side, dt.date, int]]:
    """Days (mandate starts) on which a side has more sitting members than seats."""
    overflow = []
    for side in Side:
        starts = {m.mandate_from or dt.date.min for m in members if m.side == side}
        for day in sorted(starts):
            count = len(sitting(members, side, day))
            if count > seats:
                overflow.append((side, day, count))
    return overflow

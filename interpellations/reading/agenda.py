"""What waits for a person: texts to sign for their side, objections, recent comments.

Read from the index (never from git), so the home page costs a few queries
whatever the size of the record.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from interpellations.index.index import Index
from interpellations.record.model import Member, Role
from interpellations.record.seats import seat_of

RECENT = 10
COMMITTEE_AND_COORDINATION = frozenset(
    {Role.COORDINATOR, Role.MEMBER, Role.PRESIDENT, Role.VICE_PRESIDENT, Role.SUBSTITUTE}
)


@dataclass(frozen=True)
class Waiting:
    id: str
    title: str
    at: str | None = None
    who: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Agenda:
    to_sign: list[Waiting]
    to_sign_again: list[Waiting]  # the text changed since their signature
    objections: list[Waiting]
    comments: list[Waiting]

    @property
    def empty(self) -> bool:
        return not (self.to_sign or self.to_sign_again or self.objections or self.comments)


def agenda_for(index: Index, member: Member, today: dt.date) -> Agenda:
    """The agenda of one member on `today`."""
    first, again = _to_sign(index, member, today)
    return Agenda(first, again, _objections(index, member), _comments(index, member))


def _to_sign(index: Index, member: Member, today: dt.date) -> tuple[list[Waiting], list[Waiting]]:
    """Submitted texts they have not signed as they stand (committee seats only): never
    signed, and signed at an earlier text (`detail`: the version of that signature)."""
    if seat_of(member, today) is None:
        return [], []
    rows = index.rows(
        "SELECT i.id, i.title, i.updated_at, (SELECT s.version FROM signatures s "
        "WHERE s.interpellation = i.id AND s.email = ? ORDER BY s.position DESC LIMIT 1) "
        "FROM interpellations i WHERE i.state = 'submitted' "
        "AND i.id NOT IN (SELECT s.interpellation FROM signatures s JOIN interpellations j "
        "ON j.id = s.interpellation AND j.text_id = s.text_id WHERE s.email = ?) "
        "ORDER BY i.updated_at DESC LIMIT 50",
        (member.email, member.email),
    )
    first = [Waiting(id=row[0], title=row[1], at=row[2]) for row in rows if row[3] is None]
    again = [Waiting(id=row[0], title=row[1], at=row[2], detail=row[3]) for row in rows if row[3]]
    return first, again


def _objections(index: Index, member: Member) -> list[Waiting]:
    """Open objections on their groups' texts (every one, for the committee and coordinators)."""
    everywhere = bool(COMMITTEE_AND_COORDINATION & set(member.roles))
    rows = index.rows(
        "SELECT o.interpellation, i.title, o.at, o.author, o.reason FROM objections o "
        "JOIN interpellations i ON i.id = o.interpellation WHERE o.author != ? "
        "AND (? OR i.grp IN (SELECT value FROM json_each(?))) ORDER BY o.at DESC LIMIT 50",
        (member.email, everywhere, json.dumps(member.groups)),
    )
    return [Waiting(id=r[0], title=r[1], at=r[2], who=r[3], detail=r[4]) for r in rows]


def _comments(index: Index, member: Member) -> list[Waiting]:
    """The latest comments and replies on the drafts of their working groups."""
    rows = index.rows(
        "SELECT h.interpellation, i.title, h.date, h.author_name FROM history h "
        "JOIN interpellations i ON i.id = h.interpellation "
        "WHERE h.action IN ('comment', 'reply') AND i.state = 'draft' "
        "AND i.grp IN (SELECT value FROM json_each(?)) AND h.author_email != ? "
        "ORDER BY h.date DESC LIMIT ?",
        (json.dumps(member.groups), member.email, RECENT),
    )
    return [Waiting(id=r[0], title=r[1], at=r[2], who=r[3]) for r in rows]

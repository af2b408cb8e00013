"""The rules of the coordination, as pure functions over the record.

Each rule says yes or raises `NotAllowed` with a reason code and its parameters,
which the CLI and the web layer word in French or Dutch.
"""

from __future__ import annotations

from interpellations.errors import NotAllowed
from interpellations.model import Role
from interpellations.record import Record


def require_editor(record: Record, actor: str, group: str) -> None:
    """Texts are written by their working group and by the coordinators."""
    member = record.member(actor)
    if member is None:
        raise NotAllowed(reason="not_a_member", email=actor[:254])
    if group not in member.groups and Role.COORDINATOR not in member.roles:
        raise NotAllowed(reason="not_in_group", group=group)


def require_member(record: Record, actor: str) -> None:
    """Anyone in the record may comment: members of both sides and of every group."""
    if record.member(actor) is None:
        raise NotAllowed(reason="not_a_member", email=actor[:254])

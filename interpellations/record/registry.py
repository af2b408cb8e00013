"""The coordination's record as plain data: who the members are, of which side, and the
authorities. Loaded from the registre by `record`; read by the rules (`workflow`,
`parity`, `committee`), which therefore never touch git.
"""

from __future__ import annotations

from dataclasses import dataclass

from interpellations.errors import NotAllowed
from interpellations.record.model import Authority, Coordination, Member, Role


@dataclass(frozen=True)
class Identity:
    """Who a commit is by: a person's name and e-mail address."""

    name: str
    email: str


@dataclass(frozen=True)
class Record:
    """The coordination, its members and the authorities, as of some version."""

    coordination: Coordination
    members: tuple[Member, ...]
    authorities: tuple[Authority, ...]

    def member(self, email: str) -> Member | None:
        wanted = email.strip().lower()
        return next((m for m in self.members if m.email == wanted), None)

    def authority(self, authority_id: str) -> Authority | None:
        return next((a for a in self.authorities if a.id == authority_id), None)

    def coordinators(self) -> list[Member]:
        return [m for m in self.members if Role.COORDINATOR in m.roles]

    def identity(self, email: str) -> Identity:
        """The git identity of a member; refuses anyone the record does not know."""
        member = self.member(email)
        if member is None:
            raise NotAllowed(reason="not_a_member", email=email[:254])
        return Identity(member.name, member.email)

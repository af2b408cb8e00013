"""Administering the coordination: its details, members, seats and authorities.

A coordinator's change replaces one of the three files of the coordination
(`coordination.yaml`, `membres.yaml`, `autorites.yaml`) in one commit. Before
anything is written, the whole record as it would be is checked as `check`
checks it — the file's own lines, the seats and quorum, every interpellation's
theme, group and authorities — so a change that would break it is refused with
the file, line and sentence of each problem, and the branch does not move.

The helpers below (`add_member`, `end_mandate`…) build the new file from one
form's worth of change; members and authorities are never deleted (an ended
mandate stays in the record that its signatures point to).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from interpellations.acts.pipeline import Act, Done, Drafted, Scene, perform
from interpellations.errors import AlreadyExists, InvalidDocument, NotFound, StaleFile
from interpellations.record.checking import check_version
from interpellations.record.loading import (
    AUTHORITIES_FILE,
    COORDINATION_FILE,
    MEMBERS_FILE,
    RECORD_FILES,
)
from interpellations.record.model import (
    Authorities,
    Authority,
    Coordination,
    Member,
    Members,
    Theme,
    WorkingGroup,
)
from interpellations.record.problems import blocking, new_problems
from interpellations.record.store import ChangedSnapshot, Store
from interpellations.record.trailers import Action, Via
from interpellations.yamlio import dump_yaml

Change = Callable[[Any], BaseModel]  # from the file's model at head to the new one


@dataclass(frozen=True)
class Administer(Act):
    """One of the coordination's files, replaced by a coordinator: as written, or changed.

    A `change` is applied to the file's model as it is at head, inside the write:
    two coordinators adding two members at once both see their member added.
    """

    file: str
    summary: str  # French, as every commit message of the record
    raw: bytes = b""  # the file as written (the YAML editor)
    change: Change | None = None  # or a change of its model at head (the forms)
    seen: str = ""  # the SHA-256 of the file as the form showed it: refused if it changed
    action = Action.ADMINISTER
    reads_text = False

    @property
    def target(self) -> None:
        return None

    def draft(self, scene: Scene) -> Drafted | None:
        if self.file not in RECORD_FILES:
            raise NotFound(what="file", id=self.file[:100])
        if self.seen and file_digest(scene.snapshot.read(self.file)) != self.seen:
            raise StaleFile(file=self.file)
        raw = self.raw if self.change is None else self._changed(scene, self.change)
        if scene.snapshot.read(self.file) == raw:
            return None
        changed = ChangedSnapshot(
            scene.snapshot.repo, scene.snapshot.version, changes={self.file: raw}
        )
        problems = new_problems(
            blocking(check_version(changed, scene.limits)),
            lambda: blocking(check_version(scene.snapshot, scene.limits)),
        )
        if problems:
            raise InvalidDocument(problems=problems, what="record")
        return Drafted(self.summary, files={self.file: raw})

    def _changed(self, scene: Scene, change: Change) -> bytes:
        record = scene.record
        current = {
            COORDINATION_FILE: record.coordination,
            MEMBERS_FILE: Members(members=list(record.members)),
            AUTHORITIES_FILE: Authorities(authorities=list(record.authorities)),
        }[self.file]
        return dump_yaml(change(current))


def file_digest(raw: bytes | None) -> str:
    """What a form remembers of the file it shows, to refuse a save over a newer one."""
    return hashlib.sha256(raw or b"").hexdigest()


def administer(
    store: Store,
    actor: str,
    file: str,
    change: Change,
    summary: str,
    *,
    seen: str = "",
    via: Via | None = None,
) -> Done:
    """Apply `change` to the model of `file` at head and record it, checked, as one commit."""
    return perform(store, actor, Administer(file, summary, change=change, seen=seen), via=via)


def replace_file(
    store: Store,
    actor: str,
    file: str,
    raw: bytes,
    summary: str,
    *,
    seen: str = "",
    via: Via | None = None,
) -> Done:
    """Replace a file of the coordination by its text as written (the YAML editor)."""
    return perform(store, actor, Administer(file, summary, raw=raw, seen=seen), via=via)


# -- one form's worth of change ----------------------------------------------------------


def put_member(member: Member, *, new: bool) -> Change:
    """Add `member`, or replace the member with its id; an e-mail is one person's only."""

    def change(members: Members) -> Members:
        others = [m for m in members.members if m.id != member.id]
        if new and len(others) != len(members.members):
            raise AlreadyExists(what="member", id=member.id)
        if not new and len(others) == len(members.members):
            raise NotFound(what="member", id=member.id)
        if any(m.email == member.email for m in others):
            raise AlreadyExists(what="email", id=member.email)
        return Members(members=_put(members.members, member))

    return change


def end_mandate(member_id: str, day: dt.date) -> Change:
    """The member's mandate ends on `day` (they stay in the record, without a seat)."""

    def change(members: Members) -> Members:
        if not any(m.id == member_id for m in members.members):
            raise NotFound(what="member", id=member_id)
        return Members(
            members=[
                m.model_copy(update={"mandate_to": day}) if m.id == member_id else m
                for m in members.members
            ]
        )

    return change


def put_authority(authority: Authority, *, new: bool) -> Change:
    def change(authorities: Authorities) -> Authorities:
        found = any(a.id == authority.id for a in authorities.authorities)
        if new and found:
            raise AlreadyExists(what="authority", id=authority.id)
        if not new and not found:
            raise NotFound(what="authority", id=authority.id)
        return Authorities(authorities=_put(authorities.authorities, authority))

    return change


def set_details(**values: Any) -> Change:
    """New values for the coordination's own fields (details, letterhead, seats, quorum)."""

    def change(coordination: Coordination) -> Coordination:
        return Coordination.model_validate({**coordination.model_dump(), **values})

    return change


def put_theme(theme: Theme) -> Change:
    def change(coordination: Coordination) -> Coordination:
        return coordination.model_copy(update={"themes": _put(coordination.themes, theme)})

    return change


def put_group(group: WorkingGroup) -> Change:
    def change(coordination: Coordination) -> Coordination:
        groups = _put(coordination.working_groups, group)
        return coordination.model_copy(update={"working_groups": groups})

    return change


def _put(items: list[Any], item: Any) -> list[Any]:
    """`item` in place of the one with its id, or added at the end."""
    if any(i.id == item.id for i in items):
        return [item if i.id == item.id else i for i in items]
    return [*items, item]

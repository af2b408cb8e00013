"""Follow up issued letters: a new interpellation, linked both ways, in one commit.

The new text names the one it follows in its front matter (`follows`); the
issued one's journal gets a `follow-up` event naming the new one. Both are in
the same commit, so a plain clone shows the link from either side. The issued
text itself never changes: its journal only grows, as after any act.
"""

from __future__ import annotations

from dataclasses import dataclass

from interpellations.acts.drafting import Create, slug_for
from interpellations.acts.pipeline import Act, Done, Drafted, Scene, perform
from interpellations.clock import now
from interpellations.errors import AlreadyExists
from interpellations.reading.situation import situation_of
from interpellations.record.document import render_text
from interpellations.record.ids import InterpellationId
from interpellations.record.journal import read_journal
from interpellations.record.model import FollowUpEvent, FrontMatter
from interpellations.record.store import Snapshot, Store
from interpellations.record.trailers import Action, Via
from interpellations.rules.workflow import decide

SLUG_TRIES = 50  # "suivi-…", "suivi-…-2", … : a second follow-up of the same letters


@dataclass(frozen=True)
class FollowUp(Act):
    """A new interpellation following `iid`'s issued letters, written from `front`."""

    iid: InterpellationId
    front: FrontMatter
    action = Action.FOLLOW_UP

    @property
    def target(self) -> InterpellationId:
        return self.iid

    def draft(self, scene: Scene) -> Drafted:
        # the writer must also be allowed to write for the group the new text is given to
        creating = situation_of(scene.record, None, scene.member.email, new_group=self.front.group)
        decide(creating, Action.CREATE).enforce()
        new = _free_id(scene.snapshot, self.front.title)
        front = self.front.model_copy(update={"follows": str(self.iid)})
        created = Create(new, front, render_text(front, {}).encode()).draft(scene)
        return Drafted(
            f"Crée « {self.front.title} », suivi de « {scene.title} »",
            (FollowUpEvent(**scene.stamp(), follow_up=str(new)),),
            files=created.files,
        )


def proposed_front(issued: FrontMatter) -> FrontMatter:
    """What a follow-up starts from: the issued text's theme, group and addressees."""
    title = f"Suivi : {issued.title}"  # French, as the record's own titles
    return issued.model_copy(update={"title": title[:300], "annexes": [], "follows": None})


def _free_id(snapshot: Snapshot, title: str) -> InterpellationId:
    """The new interpellation's folder, this year: its title's slug, numbered if taken."""
    slug = slug_for(title)
    for n in range(1, SLUG_TRIES + 1):
        iid = InterpellationId(now().year, slug if n == 1 else f"{slug}-{n}")
        if not snapshot.list(iid.folder):
            return iid
    raise AlreadyExists(what="interpellation", id=f"{now().year}/{slug}")


def follow_up(
    store: Store,
    actor: str,
    iid: InterpellationId,
    front: FrontMatter,
    *,
    via: Via | None = None,
) -> tuple[InterpellationId, Done]:
    """Create the follow-up of `iid`'s issued letters; the new interpellation's id."""
    done = perform(store, actor, FollowUp(iid, front), via=via)
    journal = read_journal(store.snapshot(done.write.version), iid)
    made = next(e for e in journal.events if isinstance(e, FollowUpEvent) and e.id == done.event)
    return InterpellationId.parse(made.follow_up), done

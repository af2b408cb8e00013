"""Submission of a text to the steering committee (approval rules come with the committee)."""

from __future__ import annotations

from interpellations.clock import now
from interpellations.document import text_id
from interpellations.ids import InterpellationId
from interpellations.interpellation import load_interpellation
from interpellations.journal import append_event, new_event_id
from interpellations.model import SubmitEvent
from interpellations.record import JOURNAL_FILE, load_record
from interpellations.states import State, state_of
from interpellations.store import Draft, Snapshot, Store, WriteResult
from interpellations.workflow import require_editor


def submit(store: Store, actor: str, iid: InterpellationId) -> WriteResult:
    """The working group hands its text, as it is now, to the steering committee."""
    author = load_record(store.snapshot()).identity(actor)

    def build(snapshot: Snapshot) -> Draft | None:
        current = load_interpellation(snapshot, iid)
        require_editor(load_record(snapshot), actor, current.french.front.group)
        if state_of(current) != State.DRAFT:
            return None
        identifier = text_id(current.files)
        event = SubmitEvent(id=new_event_id("s"), at=now(), by=author.email, text_id=identifier)
        path = iid.path(JOURNAL_FILE)
        return Draft(
            changes={path: append_event(snapshot.read(path), event)},
            message=f"Soumet « {current.title} » au comité de pilotage",
            trailers={"Action": "submit", "Interpellation": str(iid), "Text-Id": identifier},
        )

    return store.transact(build, author=author)

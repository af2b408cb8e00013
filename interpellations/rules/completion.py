"""What an allowed act appends: its event, and the approval that event completes, if any.

Evaluated inside the write that records the act (`acts.pipeline`), against the exact
events and text of that write, with the committee and quorum in force then; so the
approval is in the same commit as the signature, withdrawal or decision that
completed it. Whether the act is allowed at all is `rules.workflow.decide`'s answer.
"""

from __future__ import annotations

from interpellations.record.model import Event
from interpellations.record.trailers import Action
from interpellations.rules.parity import approval_event, approval_status
from interpellations.rules.workflow import Situation

# The acts after which both quorums may be complete (an edit never completes them).
COMPLETING = frozenset({Action.SIGN, Action.WITHDRAW_OBJECTION, Action.DECIDE})


def act_events(situation: Situation, action: Action, event: Event, approval_id: str) -> list[Event]:
    """The act's event, and the approval it completes, if it does."""
    if action not in COMPLETING:
        return [event]
    events = [*situation.events, event]
    status = approval_status(events, situation.text_id, situation.record, situation.today)
    approval = approval_event(status, situation.record, approval_id, event.at, event.by)
    return [event] if approval is None else [event, approval]

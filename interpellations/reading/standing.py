"""Where an interpellation stands at a version: its state, and its approval per side."""

from __future__ import annotations

from interpellations.clock import now
from interpellations.record.interpellation import Interpellation
from interpellations.record.registry import Record
from interpellations.rules.parity import ApprovalStatus, approval_status
from interpellations.rules.states import State, state_from


def state_of(read: Interpellation) -> State:
    """The state of an interpellation as of the version it was read at."""
    return state_from(read.journal.events, read.text_id)


def status_of(record: Record, read: Interpellation) -> ApprovalStatus:
    """Where the approval of the current text stands today (per side, objections, approved)."""
    return approval_status(read.journal.events, read.text_id, record, now().date())

"""The state of an interpellation, derived from its record and never stored.

draft → submitted → approved → issued → sent → closed, or withdrawn. This
issue knows drafts and submitted texts; approval and what follows come from the
journal events that later parts of the workflow add.
"""

from __future__ import annotations

from enum import StrEnum

from interpellations.interpellation import Interpellation
from interpellations.model import SubmitEvent


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    ISSUED = "issued"
    SENT = "sent"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


def state_of(read: Interpellation) -> State:
    """The state of an interpellation as of the version it was read at."""
    if any(isinstance(event, SubmitEvent) for event in read.journal.events):
        return State.SUBMITTED
    return State.DRAFT

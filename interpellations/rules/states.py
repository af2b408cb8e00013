"""The state of an interpellation, derived from its events and current text, never stored.

draft → submitted → approved → issued → sent → closed, or withdrawn; the rules
that move it live in `workflow`.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from interpellations.record.model import (
    ApprovalEvent,
    Event,
    IssueEvent,
    SubmitEvent,
    WithdrawEvent,
)


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    ISSUED = "issued"
    SENT = "sent"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


def recorded_approval(events: Sequence[Event], text_id: str) -> ApprovalEvent | None:
    """The approval recorded for this exact text, if there is one."""
    approvals = [e for e in events if isinstance(e, ApprovalEvent) and e.text_id == text_id]
    return approvals[-1] if approvals else None


def issue_of(events: Sequence[Event], text_id: str) -> IssueEvent | None:
    """The issuing of this exact text's letters, if it happened."""
    issued = [e for e in events if isinstance(e, IssueEvent) and e.text_id == text_id]
    return issued[-1] if issued else None


def is_approved(events: Sequence[Event], text_id: str) -> bool:
    """Is an approval recorded for this exact text?"""
    return recorded_approval(events, text_id) is not None


def state_from(events: Sequence[Event], text_id: str) -> State:
    """The state from the journal's events and the current text."""
    if any(isinstance(e, WithdrawEvent) for e in events):
        return State.WITHDRAWN
    if issue_of(events, text_id) is not None:
        return State.ISSUED
    if is_approved(events, text_id):
        return State.APPROVED
    if any(isinstance(e, SubmitEvent) for e in events):
        return State.SUBMITTED
    return State.DRAFT

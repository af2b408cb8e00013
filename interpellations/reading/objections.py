"""Objections with their status, and whether they block the approval."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from interpellations.record.model import (
    DecisionEvent,
    Event,
    ObjectionAnswerEvent,
    ObjectionEvent,
    ObjectionWithdrawEvent,
    Outcome,
)
from interpellations.rules.parity import ObjectionStatus, objection_statuses


@dataclass(frozen=True)
class Objection:
    """An objection and its thread: answers, committee decisions, withdrawal."""

    event: ObjectionEvent
    status: str  # open | maintained | withdrawn | overruled | amended
    answers: tuple[ObjectionAnswerEvent, ...]
    decisions: tuple[DecisionEvent, ...]
    withdrawn_at: dt.datetime | None

    @property
    def blocking(self) -> bool:
        return self.status in ("open", "maintained")

    @property
    def id(self) -> str:
        return self.event.id


def objections_of(events: Sequence[Event]) -> tuple[Objection, ...]:
    """Every objection raised, the blocking ones first, then by date."""
    withdrawals = {e.objection: e.at for e in events if isinstance(e, ObjectionWithdrawEvent)}
    found = [
        Objection(
            status.event,
            _status(status),
            tuple(status.answers),
            tuple(status.decisions),
            withdrawals.get(status.event.id),
        )
        for status in objection_statuses(events)
    ]
    return tuple(sorted(found, key=lambda o: (not o.blocking, o.event.at)))


def _status(status: ObjectionStatus) -> str:
    if status.withdrawn:
        return "withdrawn"
    if status.decisions:
        return Outcome(status.decisions[-1].outcome).value
    return "open"

"""The state of an interpellation, derived from its record and never stored.

draft → submitted → approved → issued → sent → closed, or withdrawn; the rules
that move it live in `workflow`.
"""

from __future__ import annotations

from interpellations.clock import now
from interpellations.record.document import HEADINGS, SECTION_KEYS
from interpellations.record.interpellation import Interpellation
from interpellations.record.loading import Record
from interpellations.record.model import Language
from interpellations.rules.workflow import Situation, State, state_from

__all__ = ["State", "situation_of", "state_of"]


def state_of(read: Interpellation) -> State:
    """The state of an interpellation as of the version it was read at."""
    return state_from(read.journal.events, read.text_id)


def situation_of(record: Record, read: Interpellation, actor: str) -> Situation:
    french = read.french
    missing = tuple(HEADINGS[Language.FR][k] for k in SECTION_KEYS if k not in french.sections)
    return Situation(
        record=record,
        events=read.journal.events,
        text_id=read.text_id,
        group=french.front.group,
        actor=actor,
        today=now().date(),
        sections_missing=missing,
    )

"""What the rules look at: the record, the interpellation as read, who acts, on which day."""

from __future__ import annotations

import datetime as dt

from interpellations.clock import now
from interpellations.record.interpellation import Interpellation
from interpellations.record.registry import Record
from interpellations.rules.workflow import Situation


def situation_of(
    record: Record,
    read: Interpellation | None,
    actor: str,
    today: dt.date | None = None,
    new_group: str = "",
) -> Situation:
    """The situation of `actor` on `read` (or on a text of `new_group` not written yet)."""
    day = today or now().date()
    if read is None:
        return Situation(record, actor, day, group=new_group)
    return Situation(
        record,
        actor,
        day,
        events=read.journal.events,
        text_id=read.text_id,
        group=read.french.front.group,
        texts=read.texts,
    )

"""Comment threads: each comment with its replies, and where it stands on the text being read.

Computed from the journal when shown, never stored: a comment on a passage
follows its words to later versions, or is outdated (`text.anchoring.locate`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from interpellations.record.interpellation import Interpellation
from interpellations.record.model import CommentEvent, Event, ResolveEvent
from interpellations.text.anchoring import Located, Placement, locate


@dataclass(frozen=True)
class Thread:
    """A comment with its replies, where it stands on the text being read."""

    comment: CommentEvent
    replies: list[CommentEvent] = field(default_factory=list)
    resolved_by: str | None = None
    located: Located | None = None

    @property
    def outdated(self) -> bool:
        return self.located is not None and self.located.placement == Placement.OUTDATED


def comment_threads(read: Interpellation) -> list[Thread]:
    """The comment threads of an interpellation, placed on the texts of `read`."""
    events = read.journal.events
    roots = _thread_roots(events)
    replies: dict[str, list[CommentEvent]] = {}
    resolved: dict[str, str] = {}
    for event in events:
        if isinstance(event, CommentEvent) and event.reply_to:
            replies.setdefault(roots[event.id], []).append(event)
        elif isinstance(event, ResolveEvent):
            resolved.setdefault(event.comment, event.by)
    threads = []
    for event in events:
        if isinstance(event, CommentEvent) and not event.reply_to:
            located = None
            if event.anchor is not None:
                located = locate(event.anchor, read.text(event.anchor.language))
            threads.append(
                Thread(event, replies.get(event.id, []), resolved.get(event.id), located)
            )
    return threads


def _thread_roots(events: Sequence[Event]) -> dict[str, str]:
    """The first comment of the thread of each comment: a reply to a reply stays in it."""
    roots: dict[str, str] = {}
    for event in events:
        if isinstance(event, CommentEvent):
            parent = event.reply_to
            roots[event.id] = roots.get(parent, parent) if parent else event.id
    return roots

"""Comments: on the whole text or on a passage, with replies, marked resolved.

Each comment is an event of the interpellation's journal and one commit by its
author. Where a passage comment stands on the current text is computed by
`anchoring.locate`, never stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from interpellations.clock import now
from interpellations.errors import NotFound
from interpellations.record.document import text_id
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import Interpellation, load_interpellation
from interpellations.record.journal import append_event, new_event_id
from interpellations.record.loading import JOURNAL_FILE, load_record
from interpellations.record.model import Anchor, CommentEvent, Event, Language, ResolveEvent
from interpellations.record.store import Draft, Snapshot, Store, WriteResult
from interpellations.rules.workflow import require_member
from interpellations.text.anchoring import Located, Placement, locate, make_anchor


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


def add_comment(
    store: Store,
    actor: str,
    iid: InterpellationId,
    body: str,
    *,
    version: str | None = None,
    language: Language = Language.FR,
    section: str | None = None,
    quote: str | None = None,
    reply_to: str | None = None,
) -> tuple[str, WriteResult]:
    """Comment (on a passage of the version the person read, or on the whole text)."""
    anchor = _anchor(store.snapshot(version), iid, language, section, quote) if quote else None
    author = load_record(store.snapshot()).identity(actor)
    event_id = new_event_id("c")

    def build(snapshot: Snapshot) -> Draft:
        require_member(load_record(snapshot), actor)
        current = load_interpellation(snapshot, iid)
        if reply_to and not any(
            isinstance(e, CommentEvent) and e.id == reply_to for e in current.journal.events
        ):
            raise NotFound(what="comment", id=reply_to)
        event = CommentEvent(
            id=event_id,
            at=now(),
            by=author.email,
            body=body.strip(),
            anchor=anchor,
            reply_to=reply_to,
        )
        action = "reply" if reply_to else "comment"
        verb = "Répond à un commentaire" if reply_to else "Commente"
        return _journal_draft(snapshot, current, event, action, f"{verb} « {current.title} »")

    return event_id, store.transact(build, author=author)


def _anchor(
    seen: Snapshot, iid: InterpellationId, language: Language, section: str | None, quote: str
) -> Anchor:
    """The anchor of a quote on the version the person read.

    Not the head: people quote what they saw, and the comment follows the words
    from there to the later versions.
    """
    text = load_interpellation(seen, iid).text(language)
    if text is None:
        raise NotFound(what="language", language=language.value)
    return make_anchor(text, seen.version, section or "", quote)


def resolve_comment(store: Store, actor: str, iid: InterpellationId, comment: str) -> WriteResult:
    """Mark a comment resolved (its thread stays in the journal)."""
    author = load_record(store.snapshot()).identity(actor)

    def build(snapshot: Snapshot) -> Draft | None:
        require_member(load_record(snapshot), actor)
        current = load_interpellation(snapshot, iid)
        threads = {t.comment.id: t for t in comment_threads(current)}
        if comment not in threads:
            raise NotFound(what="comment", id=comment)
        if threads[comment].resolved_by:
            return None
        event = ResolveEvent(id=new_event_id("r"), at=now(), by=author.email, comment=comment)
        return _journal_draft(
            snapshot,
            current,
            event,
            "resolve",
            f"Marque un commentaire résolu sur « {current.title} »",
        )

    return store.transact(build, author=author)


def _journal_draft(
    snapshot: Snapshot,
    current: Interpellation,
    event: CommentEvent | ResolveEvent,
    action: str,
    message: str,
) -> Draft:
    path = current.id.path(JOURNAL_FILE)
    return Draft(
        changes={path: append_event(snapshot.read(path), event)},
        message=message,
        trailers={
            "Action": action,
            "Interpellation": str(current.id),
            "Text-Id": text_id(current.files),
            "Event": event.id,
        },
    )


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

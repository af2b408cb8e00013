"""Comments: on the whole text or on a passage, with replies, marked resolved.

Each is a journal event and one commit by its author, through the act pipeline.
A comment on a passage is anchored on the version the person read (not the
head: people quote what they saw), and follows its words to later versions
(`text.anchoring`); where it stands on the text being read is computed when it
is shown (`reading.threads`), never stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from interpellations.acts.pipeline import JournalAct, Scene, perform
from interpellations.errors import InvalidInput, NotFound
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.model import Anchor, CommentEvent, Event, Language, ResolveEvent
from interpellations.record.store import Store, WriteResult
from interpellations.record.trailers import Action, Via
from interpellations.rules.workflow import Request
from interpellations.text.anchoring import make_anchor


@dataclass(frozen=True)
class Comment(JournalAct):
    body: str
    anchor: Anchor | None = None
    action = Action.COMMENT
    event_prefix = "c"
    verb = "Commente"

    def event(self, scene: Scene) -> Event:
        return CommentEvent(**scene.stamp(), body=self.body.strip(), anchor=self.anchor)


@dataclass(frozen=True)
class Reply(JournalAct):
    comment: str
    body: str
    action = Action.REPLY
    event_prefix = "c"
    verb = "Répond à un commentaire"

    def request(self) -> Request:
        return Request(comment=self.comment)

    def event(self, scene: Scene) -> Event:
        return CommentEvent(**scene.stamp(), body=self.body.strip(), reply_to=self.comment)


@dataclass(frozen=True)
class Resolve(JournalAct):
    comment: str
    action = Action.RESOLVE
    event_prefix = "r"
    verb = "Marque un commentaire résolu sur"

    def request(self) -> Request:
        return Request(comment=self.comment)

    def event(self, scene: Scene) -> Event:
        return ResolveEvent(**scene.stamp(), comment=self.comment)


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
    via: Via | None = None,
) -> tuple[str, WriteResult]:
    """Comment (on a passage of the version the person read, or on the whole text), or reply."""
    if reply_to:
        done = perform(store, actor, Reply(iid, reply_to, body), via=via)
    else:
        anchor = anchor_on(store, iid, version, language, section, quote) if quote else None
        done = perform(store, actor, Comment(iid, body, anchor), via=via)
    return done.event or "", done.write


def anchor_on(
    store: Store,
    iid: InterpellationId,
    version: str | None,
    language: Language,
    section: str | None,
    quote: str,
) -> Anchor:
    """The anchor of a quote on the version the person read (the head if they do not say)."""
    seen = store.snapshot(version)
    text = load_interpellation(seen, iid).text(language)
    if text is None:
        raise NotFound(what="language", language=language.value)
    try:
        return make_anchor(text, seen.version, section or "", quote)
    except ValidationError as error:
        raise InvalidInput.of(error) from error


def resolve_comment(
    store: Store, actor: str, iid: InterpellationId, comment: str, *, via: Via | None = None
) -> WriteResult:
    """Mark a comment resolved (its thread stays in the journal)."""
    return perform(store, actor, Resolve(iid, comment), via=via).write

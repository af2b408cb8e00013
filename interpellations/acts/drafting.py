"""Writing texts: create an interpellation, save a new version of its texts.

A save carries the version the writer started from. If the texts changed
meanwhile, the two edits are merged three-way when they do not overlap; when
they do, nothing is committed and `EditConflict` gives the writer's text back
intact beside the other one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from slugify import slugify

from interpellations.acts.pipeline import Act, Done, Drafted, Scene, perform
from interpellations.clock import now
from interpellations.errors import (
    AlreadyExists,
    ConflictingText,
    EditConflict,
    InvalidDocument,
    InvalidInput,
    NotAllowed,
)
from interpellations.record.checking import reference_problems
from interpellations.record.document import TEXT_MAX, Text, parse_text, render_text, text_file
from interpellations.record.ids import InterpellationId, check_slug
from interpellations.record.journal import append_event
from interpellations.record.loading import JOURNAL_FILE
from interpellations.record.model import ApprovalEvent, CreateEvent, FrontMatter, Language
from interpellations.record.problems import Problem
from interpellations.record.registry import Record
from interpellations.record.store import Store, WriteResult
from interpellations.record.trailers import Action, Via
from interpellations.rules.states import State
from interpellations.text.merging import MergeOutcome, merge_texts
from interpellations.text.rendering import code_in

SLUG_LENGTH = 60


def slug_for(title: str) -> str:
    return check_slug(slugify(title, max_length=SLUG_LENGTH, word_boundary=True) or "texte")


def refuse_code(raw: str, file: str) -> None:
    """Refuse a text holding HTML that runs (a script, an event handler), with its line."""
    found = code_in(raw)
    if found is not None:
        line, words = found
        raise InvalidDocument(problems=[Problem("code_in_text", {"found": words}, file, line)])


def check_references(text: Text, record: Record, file: str) -> None:
    """Refuse a text whose front matter names an unknown theme, group or authority."""
    problems = reference_problems(text, record, file)
    if problems:
        raise InvalidDocument(problems=problems)


@dataclass(frozen=True)
class Create(Act):
    """A new interpellation from the template of the three sections."""

    iid: InterpellationId
    front: FrontMatter
    raw: bytes  # the text as written, front matter first
    action = Action.CREATE
    reads_text = False

    @property
    def target(self) -> InterpellationId:
        return self.iid

    def new_group(self) -> str:
        return self.front.group

    def draft(self, scene: Scene) -> Drafted:
        path = self.iid.path(text_file(self.front.language))
        if len(self.raw) > TEXT_MAX:
            raise InvalidInput(field="text", limit=TEXT_MAX)
        refuse_code(self.raw.decode(), path)
        check_references(
            parse_text(self.raw.decode(), self.front.language, path), scene.record, path
        )
        if scene.snapshot.list(self.iid.folder):
            raise AlreadyExists(what="interpellation", id=str(self.iid))
        event = CreateEvent(**scene.stamp())
        return Drafted(
            f"Crée l'interpellation « {self.front.title} »",
            files={path: self.raw, self.iid.path(JOURNAL_FILE): append_event(None, event)},
        )


@dataclass(frozen=True)
class Edit(Act):
    """New texts made from version `base` (whose texts were `at_base`), merged onto the head."""

    iid: InterpellationId
    texts: Mapping[Language, str]
    base: str
    at_base: Mapping[Language, str]
    message: str = ""
    reopen_confirmed: bool = True  # the writer was told the approval is cancelled
    action = Action.EDIT

    @property
    def target(self) -> InterpellationId:
        return self.iid

    def draft(self, scene: Scene) -> Drafted | None:
        read = scene.interpellation
        changes: dict[str, bytes | None] = {}
        conflicts = []
        merged = False
        for language, mine in self.texts.items():
            path = self.iid.path(text_file(language))
            at_base = self.at_base.get(language, "")
            theirs = read.files.get(text_file(language), b"").decode()
            outcome = _merge_checked(scene.record, language, path, at_base, mine, theirs)
            if not outcome.clean:
                conflicts.append(ConflictingText(path, at_base, mine, theirs, outcome.text))
                continue
            merged = merged or outcome.text != mine
            if outcome.text != theirs:
                changes[path] = outcome.text.encode()
        if conflicts:
            raise EditConflict(head=scene.snapshot.version, files=conflicts)
        if not changes:
            return None
        summary = self.message.strip() or f"Modifie le texte de « {read.title} »"
        # the signatories vouched for the text as it was: the new one needs them again
        reopens = scene.situation.state == State.APPROVED
        if reopens and not self.reopen_confirmed:
            raise NotAllowed(reason="reopen_unconfirmed", count=_signature_count(scene))
        if reopens:
            summary += " — rouvre l'approbation : les signatures sont à redonner"
        return Drafted(
            summary,
            files=changes,
            reopens_approval=reopens,
            base=self.base if scene.snapshot.version != self.base else None,
            merged=merged,
        )


def _signature_count(scene: Scene) -> int:
    approvals = [e for e in scene.interpellation.journal.events if isinstance(e, ApprovalEvent)]
    return sum(len(side.signatures) for side in approvals[-1].sides) if approvals else 0


def _merge_checked(
    record: Record, language: Language, path: str, at_base: str, mine: str, theirs: str
) -> MergeOutcome:
    """Merge one text; the writer's text must be valid, and so must the combination.

    Two clean line merges can still break a text together (the same front-matter
    key added in two places): that is a conflict to show, not a text to save.
    """
    if len(mine) > TEXT_MAX:
        raise InvalidInput(field="text", limit=TEXT_MAX)
    refuse_code(mine, path)
    check_references(parse_text(mine, language, path), record, path)
    outcome = merge_texts(at_base, mine, theirs)
    if outcome.clean and outcome.text not in (mine, theirs):
        try:
            check_references(parse_text(outcome.text, language, path), record, path)
        except InvalidDocument:
            return MergeOutcome(outcome.text, conflicts=1)
    return outcome


def create_interpellation(
    store: Store,
    actor: str,
    front: FrontMatter,
    sections: Mapping[str, str] | None = None,
    slug: str | None = None,
    *,
    via: Via | None = None,
) -> tuple[InterpellationId, WriteResult]:
    """Create an interpellation, in the folder of this year; one commit."""
    iid = InterpellationId(now().year, check_slug(slug) if slug else slug_for(front.title))
    raw = render_text(front, sections or {}).encode()
    return iid, perform(store, actor, Create(iid, front, raw), via=via).write


def edit_texts(
    store: Store,
    actor: str,
    iid: InterpellationId,
    texts: Mapping[Language, str],
    base: str,
    message: str = "",
    *,
    reopen_confirmed: bool = True,
    via: Via | None = None,
) -> Done:
    """Save new texts made from version `base`; merge with later changes or refuse."""
    base = store.resolve(base)
    seen = store.snapshot(base)
    at_base = {lang: (seen.read(iid.path(text_file(lang))) or b"").decode() for lang in texts}
    edit = Edit(iid, texts, base, at_base, message, reopen_confirmed)
    return perform(store, actor, edit, via=via)

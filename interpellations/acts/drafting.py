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

from interpellations.clock import now
from interpellations.errors import (
    AlreadyExists,
    ConflictingText,
    EditConflict,
    InvalidDocument,
)
from interpellations.record.checking import reference_problems
from interpellations.record.document import Text, parse_text, render_text, text_file, text_id
from interpellations.record.ids import InterpellationId, check_slug
from interpellations.record.interpellation import Interpellation, load_interpellation
from interpellations.record.journal import append_event, new_event_id
from interpellations.record.loading import JOURNAL_FILE, Record, load_record
from interpellations.record.model import CreateEvent, FrontMatter, Language
from interpellations.record.store import Draft, Snapshot, Store, WriteResult
from interpellations.rules.states import State, situation_of, state_of
from interpellations.rules.workflow import Action, decide, require_editor
from interpellations.text.merging import MergeOutcome, merge_texts

SLUG_LENGTH = 60


@dataclass(frozen=True)
class EditResult:
    write: WriteResult
    merged: bool
    reopened: bool = False  # the text was approved: it is back to submitted


def slug_for(title: str) -> str:
    return check_slug(slugify(title, max_length=SLUG_LENGTH, word_boundary=True) or "texte")


def check_references(text: Text, record: Record, file: str) -> None:
    """Refuse a text whose front matter names an unknown theme, group or authority."""
    problems = reference_problems(text, record, file)
    if problems:
        raise InvalidDocument(problems=problems)


def create_interpellation(
    store: Store,
    actor: str,
    front: FrontMatter,
    sections: Mapping[str, str] | None = None,
    slug: str | None = None,
) -> tuple[InterpellationId, WriteResult]:
    """Create an interpellation from the template of the three sections; one commit."""
    record = load_record(store.snapshot())
    author = record.identity(actor)
    created = now()
    iid = InterpellationId(created.year, check_slug(slug) if slug else slug_for(front.title))
    raw = render_text(front, sections or {}).encode()

    def build(snapshot: Snapshot) -> Draft:
        current = load_record(snapshot)
        require_editor(current, actor, front.group)
        path = iid.path(text_file(front.language))
        check_references(parse_text(raw.decode(), front.language, path), current, path)
        if snapshot.list(iid.folder):
            raise AlreadyExists(what="interpellation", id=str(iid))
        event = CreateEvent(id=new_event_id("e"), at=created, by=author.email)
        files = {text_file(front.language): raw}
        return Draft(
            changes={
                iid.path(text_file(front.language)): raw,
                iid.path(JOURNAL_FILE): append_event(None, event),
            },
            message=f"Crée l'interpellation « {front.title} »",
            trailers={"Action": "create", "Interpellation": str(iid), "Text-Id": text_id(files)},
        )

    return iid, store.transact(build, author=author)


def edit_texts(
    store: Store,
    actor: str,
    iid: InterpellationId,
    texts: Mapping[Language, str],
    base: str,
    message: str = "",
) -> EditResult:
    """Save new texts made from version `base`; merge with later changes or refuse."""
    base = store.resolve(base)
    base_snapshot = store.snapshot(base)
    author = load_record(store.snapshot()).identity(actor)
    merged = reopened = False

    def build(snapshot: Snapshot) -> Draft | None:
        nonlocal merged, reopened
        # `transact` may draft again on a newer head: only the last draft's outcome counts
        merged = False
        record = load_record(snapshot)
        read = load_interpellation(snapshot, iid)
        reopened = state_of(read) == State.APPROVED
        current = read.files
        decide(situation_of(record, read, actor), Action.EDIT).enforce()
        changes: dict[str, bytes | None] = {}
        conflicts = []
        for language, mine in texts.items():
            path = iid.path(text_file(language))
            at_base = (base_snapshot.read(path) or b"").decode()
            theirs = current.get(text_file(language), b"").decode()
            outcome = _merge_checked(record, language, path, at_base, mine, theirs)
            if not outcome.clean:
                conflicts.append(ConflictingText(path, at_base, mine, theirs, outcome.text))
                continue
            merged = merged or outcome.text != mine
            if outcome.text != theirs:
                changes[path] = outcome.text.encode()
        if conflicts:
            raise EditConflict(head=snapshot.version, files=conflicts)
        return _edit_draft(snapshot, read, base, changes, message)

    write = store.transact(build, author=author)
    return EditResult(write, merged, reopened=write.changed and reopened)


def _merge_checked(
    record: Record, language: Language, path: str, at_base: str, mine: str, theirs: str
) -> MergeOutcome:
    """Merge one text; the writer's text must be valid, and so must the combination.

    Two clean line merges can still break a text together (the same front-matter
    key added in two places): that is a conflict to show, not a text to save.
    """
    check_references(parse_text(mine, language, path), record, path)
    outcome = merge_texts(at_base, mine, theirs)
    if outcome.clean and outcome.text not in (mine, theirs):
        try:
            check_references(parse_text(outcome.text, language, path), record, path)
        except InvalidDocument:
            return MergeOutcome(outcome.text, conflicts=1)
    return outcome


def _edit_draft(
    snapshot: Snapshot,
    read: Interpellation,
    base: str,
    changes: Mapping[str, bytes | None],
    message: str,
) -> Draft | None:
    if not changes:
        return None
    after = {**read.files, **{p.rsplit("/", 1)[1]: c for p, c in changes.items() if c}}
    trailers = {"Action": "edit", "Interpellation": str(read.id), "Text-Id": text_id(after)}
    if snapshot.version != base:
        trailers["Base"] = base
    summary = message.strip() or f"Modifie le texte de « {read.title} »"
    if state_of(read) == State.APPROVED:
        # the signatories vouched for the text as it was: the new one needs them again
        trailers["Reopens"] = "approval"
        summary += " — rouvre l'approbation : les signatures sont à redonner"
    return Draft(changes=changes, message=summary, trailers=trailers)

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
from interpellations.document import parse_text, render_text, text_file, text_id
from interpellations.errors import (
    AlreadyExists,
    ConflictingText,
    EditConflict,
    InvalidDocument,
    NotFound,
)
from interpellations.ids import InterpellationId, check_slug
from interpellations.interpellation import text_files
from interpellations.journal import append_event, new_event_id
from interpellations.merging import merge_texts
from interpellations.model import CreateEvent, FrontMatter, Language
from interpellations.problems import Problem
from interpellations.record import JOURNAL_FILE, Record, load_record
from interpellations.store import Draft, Snapshot, Store, WriteResult
from interpellations.workflow import require_editor

SLUG_LENGTH = 60


@dataclass(frozen=True)
class EditResult:
    write: WriteResult
    merged: bool


def slug_for(title: str) -> str:
    return check_slug(slugify(title, max_length=SLUG_LENGTH, word_boundary=True) or "texte")


def check_references(front: FrontMatter, record: Record, file: str) -> None:
    """Refuse a front matter that names an unknown theme, group or authority."""
    unknown = []
    if front.theme not in {t.id for t in record.coordination.themes}:
        unknown.append(("theme", front.theme))
    if front.group not in {g.id for g in record.coordination.working_groups}:
        unknown.append(("group", front.group))
    unknown += [
        ("authority", a) for a in [*front.addressees, *front.copies] if record.authority(a) is None
    ]
    if unknown:
        raise InvalidDocument(
            problems=[
                Problem("unknown_reference", {"kind": kind, "value": value}, file=file)
                for kind, value in unknown
            ]
        )


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
        check_references(front, current, iid.path(text_file(front.language)))
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
    merged = False

    def build(snapshot: Snapshot) -> Draft | None:
        nonlocal merged
        record = load_record(snapshot)
        current = text_files(snapshot, iid)
        if text_file(Language.FR) not in current:
            raise NotFound(what="interpellation", id=str(iid))
        french = parse_text(current[text_file(Language.FR)].decode(), Language.FR)
        require_editor(record, actor, french.front.group)
        changes: dict[str, bytes | None] = {}
        conflicts = []
        for language, mine in texts.items():
            name = text_file(language)
            path = iid.path(name)
            parsed = parse_text(mine, language, path)
            check_references(parsed.front, record, path)
            at_base = (base_snapshot.read(path) or b"").decode()
            theirs = current.get(name, b"").decode()
            outcome = merge_texts(at_base, mine, theirs)
            if not outcome.clean:
                conflicts.append(ConflictingText(path, at_base, mine, theirs, outcome.text))
                continue
            merged = merged or outcome.text != mine
            if outcome.text != theirs:
                changes[path] = outcome.text.encode()
        if conflicts:
            raise EditConflict(head=snapshot.version, files=conflicts)
        if not changes:
            return None
        after = {**current, **{p.rsplit("/", 1)[1]: c for p, c in changes.items() if c}}
        trailers = {"Action": "edit", "Interpellation": str(iid), "Text-Id": text_id(after)}
        if snapshot.version != base:
            trailers["Base"] = base
        summary = message.strip() or f"Modifie le texte de « {french.front.title} »"
        return Draft(changes=changes, message=summary, trailers=trailers)

    return EditResult(store.transact(build, author=author), merged)

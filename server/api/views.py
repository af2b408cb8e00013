"""The API's answers built from the domain: the index for lists and history, git for texts.

Pure reads; the handlers in `server.api.reading` parse the request and call one
of these in a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from interpellations.errors import NotFound
from interpellations.index.index import Index
from interpellations.index.index import Summary as IndexSummary
from interpellations.reading.standing import state_of, status_of
from interpellations.record.document import HEADINGS, SECTION_KEYS
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import Interpellation as Read
from interpellations.record.interpellation import load_interpellation
from interpellations.record.loading import Record, load_record
from interpellations.record.model import ApprovalEvent, Language
from interpellations.record.store import Store
from interpellations.rules.parity import ApprovalStatus, ObjectionStatus
from interpellations.rules.states import State
from interpellations.wording.standing import describe_status
from server.api import models
from server.page_contexts.diffs import diff_page
from server.page_contexts.history import VersionInfo

OPS: dict[str, models.PieceOp] = {"del": "delete", "ins": "insert", "same": "equal"}


@dataclass(frozen=True)
class Filters:
    q: str = ""
    state: State | None = None
    theme: str | None = None
    group: str | None = None
    authority: str | None = None
    year: int | None = None


def listing(index: Index, filters: Filters, limit: int, offset: int) -> models.Listing:
    """One page of the interpellations matching every filter, newest change first."""
    found = index.search(
        text=filters.q,
        state=filters.state.value if filters.state else None,
        theme=filters.theme,
        group=filters.group,
        authority=filters.authority,
        year=filters.year,
        limit=limit + 1,  # one more says whether there is a next page
        offset=offset,
    )
    return models.Listing(
        items=[_summary(line) for line in found[:limit]],
        limit=limit,
        offset=offset,
        next_offset=offset + limit if len(found) > limit else None,
    )


def _summary(line: IndexSummary) -> models.Summary:
    iid = InterpellationId.parse(line.id)
    return models.Summary.model_validate(
        {
            "id": line.id,
            "year": iid.year,
            "slug": iid.slug,
            "title": line.title,
            "state": line.state,
            "theme": line.theme,
            "group": line.group,
            "languages": line.languages,
            "addressees": line.addressees,
            "updated_at": line.updated_at,
            "comments": line.comments,
            "open_objections": line.open_objections,
            "signatures": [
                {"side": t.side, "signed": t.signed, "quorum": t.quorum} for t in line.tallies
            ],
        }
    )


def interpellation(
    store: Store, iid: InterpellationId, language: Language
) -> models.Interpellation:
    """The interpellation at the head of the record, with where its approval stands."""
    snapshot = store.snapshot()
    read = load_interpellation(snapshot, iid)
    record = load_record(snapshot)
    return models.Interpellation(
        id=str(iid),
        year=iid.year,
        slug=iid.slug,
        title=read.title,
        version=read.version,
        text_id=read.text_id,
        state=state_of(read),
        languages=read.languages,
        texts=[_text(read, lang) for lang in read.languages],
        approval=_approval(read, record, status_of(record, read), language),
    )


def _text(read: Read, language: Language) -> models.Text:
    text = read.texts[language]
    front = text.front
    return models.Text(
        language=language,
        front=models.FrontMatter(
            title=front.title,
            theme=front.theme,
            group=front.group,
            addressees=list(front.addressees),
            copies=list(front.copies),
        ),
        sections=[
            models.Section.model_validate(
                {
                    "key": key,
                    "heading": HEADINGS[language][key],
                    "markdown": text.section_body(key),
                }
            )
            for key in SECTION_KEYS
            if key in text.sections
        ],
        proposals=text.proposals,
    )


def _person(record: Record, email: str) -> models.Person:
    member = record.member(email)
    return models.Person(email=email, name=member.name if member else email)


def _approval(
    read: Read, record: Record, status: ApprovalStatus, language: Language
) -> models.Approval:
    approvals = [
        e
        for e in read.journal.events
        if isinstance(e, ApprovalEvent) and e.text_id == status.text_id
    ]
    return models.Approval(
        text_id=status.text_id,
        approved=status.approved,
        approved_at=approvals[-1].at if approvals else None,
        complete=status.complete,
        sides=[
            models.SideApproval(
                side=side.side,
                quorum=side.quorum,
                count=side.count,
                missing=side.missing,
                reached=side.reached,
                signers=[_person(record, e) for e in side.signers],
                substitutes=[_person(record, e) for e in side.substitutes],
                not_signed=[_person(record, e) for e in side.not_signed],
            )
            for side in status.sides.values()
        ],
        objections=[_objection(record, o) for o in status.objections],
        explanation=describe_status(status, language),
    )


def _objection(record: Record, objection: ObjectionStatus) -> models.Objection:
    event = objection.event
    state: str = "open"
    if objection.withdrawn:
        state = "withdrawn"
    elif objection.decisions:
        state = objection.decisions[-1].outcome.value
    return models.Objection.model_validate(
        {
            "id": event.id,
            "by": _person(record, event.by),
            "at": event.at,
            "reason": event.reason,
            "section": event.section or None,
            "status": state,
            "blocking": objection.open,
        }
    )


def history(index: Index, iid: InterpellationId, page: int, limit: int) -> models.History:
    """One page of the versions of an interpellation, newest first (from the index)."""
    total = index.history_length(iid)
    if total == 0:
        raise NotFound(what="interpellation", id=str(iid))
    entries = index.history(iid, limit=limit, offset=(page - 1) * limit)
    return models.History.model_validate(
        {
            "id": str(iid),
            "items": [
                {
                    "version": e.version,
                    "author": {"email": e.author_email, "name": e.author_name},
                    "date": e.date,
                    "action": e.action,
                    "subject": e.subject,
                    "text_id": e.text_id,
                    "previous": e.previous,
                    "text_changed": e.text_changed,
                }
                for e in entries
            ],
            "page": page,
            "pages": max(1, -(-total // limit)),
            "limit": limit,
            "total": total,
        }
    )


def diff(
    store: Store, index: Index, iid: InterpellationId, older: str | None, newer: str | None
) -> models.Diff:
    """Word by word, section by section, per language; versions checked by the store."""
    page = diff_page(store, index, iid, older, newer)
    return models.Diff.model_validate(
        {
            "id": page.id,
            "title": page.title,
            "from_version": _version(page.older),
            "to_version": _version(page.newer),
            "changed": page.changed,
            "languages": [
                {
                    "language": change.language,
                    "changed": change.changed,
                    "sections": [
                        {
                            "key": section.key,
                            "heading": section.heading,
                            "changed": section.changed,
                            "pieces": [
                                {"op": OPS[f.kind], "text": f.text} for f in section.fragments
                            ],
                        }
                        for section in change.sections
                    ],
                }
                for change in page.languages
            ],
        }
    )


def _version(info: VersionInfo) -> dict[str, str]:
    return {
        "version": info.version,
        "date": info.date,
        "author": info.author,
        "action": info.action,
        "subject": info.subject,
    }

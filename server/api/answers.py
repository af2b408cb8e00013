"""The API's answers, presentations of the read model (`interpellations.reading`).

Pure reads; the handlers in `server.api.interpellation_routes` parse the request and call one
of these in a worker thread. Where each side stands is asked of the day the
request is answered, as for the pages.
"""

from __future__ import annotations

import datetime as dt

from interpellations.acts.pipeline import Done
from interpellations.index.index import Index
from interpellations.reading.comparison import Comparison, VersionInfo, compare
from interpellations.reading.dossier import Dossier, read_dossier
from interpellations.reading.history import history_page
from interpellations.reading.listing import Filters, Line, list_interpellations
from interpellations.reading.objections import Objection
from interpellations.reading.offers import offers, thread_offers
from interpellations.record.document import HEADINGS, SECTION_KEYS
from interpellations.record.ids import InterpellationId
from interpellations.record.model import Language, Member
from interpellations.record.store import Store
from interpellations.wording.sentences import describe_refusal
from interpellations.wording.standing import describe_standing
from server.api import schemas


def listing(
    store: Store, index: Index, filters: Filters, limit: int, offset: int, today: dt.date
) -> schemas.Listing:
    """One page of the interpellations matching every filter, newest change first."""
    # one more says whether there is a next page
    found = list_interpellations(store, index, filters, today, limit=limit + 1, offset=offset)
    return schemas.Listing(
        items=[_summary(line) for line in found[:limit]],
        limit=limit,
        offset=offset,
        next_offset=offset + limit if len(found) > limit else None,
    )


def _summary(line: Line) -> schemas.Summary:
    iid = InterpellationId.parse(line.id)
    return schemas.Summary.model_validate(
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
    store: Store,
    iid: InterpellationId,
    language: Language,
    today: dt.date,
    member: Member | None = None,
    at: str | None = None,
) -> schemas.Interpellation:
    """The interpellation at `at` (the head by default; the service gives the version it
    reads while the interpellation is read-only), where its approval stands, and the acts
    `member` may do there."""
    dossier = read_dossier(store, iid, at, today=today)
    return schemas.Interpellation(
        id=str(iid),
        year=iid.year,
        slug=iid.slug,
        title=dossier.title,
        version=dossier.version,
        text_id=dossier.text_id,
        state=dossier.state,
        languages=dossier.languages,
        texts=[_text(dossier, lang) for lang in dossier.languages],
        approval=_approval(dossier, language),
        follows=str(dossier.follows) if dossier.follows else None,
        followed_by=[str(i) for i in dossier.followed_by],
        acts=_offers(dossier, member, language) if member else [],
    )


def _offers(dossier: Dossier, member: Member, language: Language) -> list[schemas.Offer]:
    found = [*offers(dossier, member)]
    for thread in thread_offers(dossier, member).values():
        found.extend(thread)
    return [
        schemas.Offer(
            action=offer.action.value,
            allowed=offer.allowed,
            reason=describe_refusal(offer.refusal.code, offer.refusal.params, language)
            if offer.refusal
            else None,
            about=offer.about,
        )
        for offer in found
    ]


def _text(dossier: Dossier, language: Language) -> schemas.Text:
    text = dossier.texts[language]
    front = text.front
    return schemas.Text(
        language=language,
        front=schemas.FrontMatter(
            title=front.title,
            theme=front.theme,
            group=front.group,
            addressees=list(front.addressees),
            copies=list(front.copies),
        ),
        sections=[
            schemas.Section.model_validate(
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
        file=text.raw,
    )


def _person(dossier: Dossier, email: str) -> schemas.Person:
    return schemas.Person(email=email, name=dossier.name(email))


def _approval(dossier: Dossier, language: Language) -> schemas.Approval:
    return schemas.Approval(
        text_id=dossier.text_id,
        approved=dossier.approval is not None,
        approved_at=dossier.approval.at if dossier.approval else None,
        complete=dossier.complete,
        sides=[
            schemas.SideApproval(
                side=side.side,
                quorum=side.quorum,
                count=side.count,
                missing=side.missing,
                reached=side.reached,
                as_of=side.as_of,
                signers=[_person(dossier, s.email) for s in side.signers],
                substitutes=[_person(dossier, s.email) for s in side.signers if s.substitute],
                not_signed=[_person(dossier, e) for e in side.not_signed],
            )
            for side in dossier.sides
        ],
        objections=[_objection(dossier, o) for o in dossier.objections],
        explanation=describe_standing(dossier, language),
    )


def _objection(dossier: Dossier, objection: Objection) -> schemas.Objection:
    event = objection.event
    return schemas.Objection.model_validate(
        {
            "id": event.id,
            "by": _person(dossier, event.by),
            "at": event.at,
            "reason": event.reason,
            "section": event.section or None,
            "status": objection.status,
            "blocking": objection.blocking,
        }
    )


def history(index: Index, iid: InterpellationId, page: int, limit: int) -> schemas.History:
    """One page of the versions of an interpellation, newest first (from the index)."""
    found = history_page(index, iid, page, limit, clamped=False)
    return schemas.History.model_validate(
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
                for e in found.entries
            ],
            "page": found.page,
            "pages": found.pages,
            "limit": limit,
            "total": found.total,
        }
    )


def diff(
    store: Store, index: Index, iid: InterpellationId, older: str | None, newer: str | None
) -> schemas.Diff:
    """Word by word, section by section, per language; versions checked by the store."""
    comparison: Comparison = compare(store, index, iid, older, newer)
    return schemas.Diff.model_validate(
        {
            "id": comparison.id,
            "title": comparison.title,
            "from_version": _version(comparison.older),
            "to_version": _version(comparison.newer),
            "changed": comparison.changed,
            "languages": [
                {
                    "language": change.language,
                    "changed": change.changed,
                    "sections": [
                        {
                            "key": section.key,
                            "heading": section.heading,
                            "changed": section.changed,
                            "pieces": [{"op": p.op, "text": p.text} for p in section.pieces],
                        }
                        for section in change.sections
                    ],
                }
                for change in comparison.languages
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


def act_done(
    store: Store, iid: InterpellationId, name: schemas.ActName, done: Done
) -> schemas.ActDone:
    """What an act recorded, and where the interpellation stands after it."""
    dossier = read_dossier(store, iid, done.write.version)
    return schemas.ActDone(
        interpellation=str(iid),
        action=name,
        version=done.write.version,
        event=done.event,
        text_id=dossier.text_id,
        state=dossier.state,
        approved=done.approved,
    )

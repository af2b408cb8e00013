"""One interpellation: its texts, state and reason, signatures, objections, comments, history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from interpellations.index.index import Index
from interpellations.reading.standing import state_of, status_of
from interpellations.reading.threads import Thread, comment_threads
from interpellations.record.document import HEADINGS, SECTION_KEYS
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import Interpellation, load_interpellation
from interpellations.record.loading import Record, load_record
from interpellations.record.model import ApprovalEvent, Language, SubmitEvent, WithdrawEvent
from interpellations.record.store import Store
from interpellations.rules.states import State
from interpellations.text.rendering import render_markdown
from interpellations.wording.standing import describe_blockers
from server.page_contexts.history import HistoryPage, VersionInfo, history_page, version_info
from server.page_contexts.objections import ObjectionView, objection_views
from server.page_contexts.signatures import SignaturePanel, signature_panel


@dataclass(frozen=True)
class SectionView:
    key: str
    heading: str
    html: str  # sanitised Markdown
    threads: list[Thread]


@dataclass(frozen=True)
class TextView:
    language: str
    title: str
    sections: list[SectionView]


@dataclass(frozen=True)
class Facts:
    theme: str
    group: str
    addressees: list[str]
    copies: list[str]


@dataclass(frozen=True)
class Standing:
    """The state of the interpellation and the reason for it."""

    state: str
    blockers: list[str]  # submitted: each side's count, each open objection
    approved_at: dt.datetime | None = None
    withdrawn_at: dt.datetime | None = None
    withdrawn_reason: str = ""


@dataclass(frozen=True)
class InterpellationPage:
    id: str
    title: str  # in the reader's language when the text exists in it, else in French
    title_language: str
    version: str
    text_id: str
    facts: Facts
    standing: Standing
    panel: SignaturePanel | None  # once submitted
    objections: list[ObjectionView]
    texts: list[TextView]
    general_threads: list[Thread]
    outdated_threads: list[Thread]
    history: HistoryPage
    people: dict[str, str]


@dataclass(frozen=True)
class VersionPage:
    """The text as it was at one version."""

    id: str
    title: str
    title_language: str
    state: str
    text_id: str
    facts: Facts
    texts: list[TextView]
    shown: VersionInfo
    latest: str | None  # the current version, to compare with


def text_views(read: Interpellation, threads: list[Thread]) -> list[TextView]:
    """Each language (French first), section by section, with the comments anchored there."""
    views = []
    for language in read.languages:
        text = read.texts[language]
        sections = [
            SectionView(
                key,
                HEADINGS[language][key],
                render_markdown(text.section_body(key)),
                [
                    t
                    for t in threads
                    if t.comment.anchor is not None
                    and not t.outdated
                    and t.comment.anchor.section == key
                    and t.comment.anchor.language == language
                ],
            )
            for key in SECTION_KEYS
            if key in text.sections
        ]
        views.append(TextView(language.value, text.front.title, sections))
    return views


def title_of(read: Interpellation, language: Language) -> tuple[str, str]:
    """The title in the reader's language if the text exists in it, else the French one."""
    text = read.text(language) or read.french
    return text.front.title, text.language.value


def facts_of(read: Interpellation, index: Index, language: Language) -> Facts:
    front = read.french.front
    authorities = index.labels("authorities", language)
    return Facts(
        theme=index.labels("themes", language).get(front.theme, front.theme),
        group=index.labels("groups", language).get(front.group, front.group),
        addressees=[authorities.get(a, a) for a in front.addressees],
        copies=[authorities.get(a, a) for a in front.copies],
    )


def _standing(state: State, read: Interpellation, blockers: list[str]) -> Standing:
    events = read.journal.events
    approvals = [e for e in events if isinstance(e, ApprovalEvent) and e.text_id == read.text_id]
    withdrawals = [e for e in events if isinstance(e, WithdrawEvent)]
    return Standing(
        state=state.value,
        blockers=blockers if state == State.SUBMITTED else [],
        approved_at=approvals[-1].at if approvals else None,
        withdrawn_at=withdrawals[-1].at if withdrawals else None,
        withdrawn_reason=withdrawals[-1].reason if withdrawals else "",
    )


def interpellation_page(
    store: Store, index: Index, iid: InterpellationId, language: Language, page: int = 1
) -> InterpellationPage:
    """The interpellation at the head of the record, read once."""
    snapshot = store.snapshot()
    read = load_interpellation(snapshot, iid)
    record = load_record(snapshot)
    names = member_names(record)
    status = status_of(record, read)
    events = read.journal.events
    threads = comment_threads(read)
    state = state_of(read)
    submitted = any(isinstance(e, SubmitEvent) for e in events)
    title, title_language = title_of(read, language)
    return InterpellationPage(
        id=str(iid),
        title=title,
        title_language=title_language,
        version=read.version,
        text_id=read.text_id,
        facts=facts_of(read, index, language),
        standing=_standing(state, read, describe_blockers(status, names, language)),
        panel=signature_panel(status, events, record) if submitted else None,
        objections=objection_views(status.objections, events, record, language),
        texts=text_views(read, threads),
        general_threads=[t for t in threads if t.comment.anchor is None],
        outdated_threads=[t for t in threads if t.outdated],
        history=history_page(index, iid, page),
        people=names,
    )


def version_page(
    store: Store, index: Index, iid: InterpellationId, version: str, language: Language
) -> VersionPage:
    """The texts of one version; `version` is checked and resolved by the store first."""
    full = store.resolve(version)
    read = load_interpellation(store.snapshot(full), iid)
    latest = index.history(iid, limit=1)
    title, title_language = title_of(read, language)
    return VersionPage(
        id=str(iid),
        title=title,
        title_language=title_language,
        state=state_of(read).value,
        text_id=read.text_id,
        facts=facts_of(read, index, language),
        texts=text_views(read, []),
        shown=version_info(store, index, iid, full),
        latest=latest[0].version if latest else None,
    )


def member_names(record: Record) -> dict[str, str]:
    return {m.email: m.name for m in record.members}

"""One interpellation's page, and one of its versions, as presentations of the read model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from interpellations.index.index import Index
from interpellations.letters.content import addressed, letter_language
from interpellations.reading.comparison import VersionInfo, version_info
from interpellations.reading.dossier import Dossier, read_dossier
from interpellations.reading.history import HistoryPage, history_page
from interpellations.reading.threads import Thread
from interpellations.record.document import HEADINGS, SECTION_KEYS, Text
from interpellations.record.health import Breakage, Reading
from interpellations.record.ids import InterpellationId
from interpellations.record.model import Authority, Language, Member
from interpellations.record.store import Store
from interpellations.rules.states import State, issue_of
from interpellations.text.rendering import render_markdown
from interpellations.wording.standing import describe_standing
from server.page_contexts.acts_panel import ActsPanel, acts_panel
from server.page_contexts.objection_threads import ObjectionView, objection_views
from server.page_contexts.signature_panel import SignaturePanel, signature_panel


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
class Link:
    """Another interpellation, as a link: its id and its title in the reader's language."""

    id: str
    title: str


@dataclass(frozen=True)
class Facts:
    theme: str
    group: str
    addressees: list[str]
    copies: list[str]
    follows: Link | None = None  # the issued letters this one follows up
    followed_by: list[Link] = field(default_factory=list)  # its follow-ups


@dataclass(frozen=True)
class LetterLink:
    """One addressee's letter, previewed from the page."""

    authority: str  # its id, in the letter's address
    title: str  # in the reader's language
    language: str  # the letter's
    also: list[str] = field(default_factory=list)  # the text's other languages, for a copy


@dataclass(frozen=True)
class Standing:
    """The state of the interpellation and the reason for it."""

    state: str
    blockers: list[str]  # submitted: each side's count, each blocking objection
    approved_at: dt.datetime | None = None
    withdrawn_at: dt.datetime | None = None
    withdrawn_reason: str = ""
    reference: str = ""  # once issued: the letters' reference and date
    issued_on: dt.date | None = None


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
    acts: ActsPanel | None = None  # what the logged-in person may do here
    read_only: Breakage | None = None  # why nothing can be done here for now
    letters: list[LetterLink] = field(default_factory=list)
    approved: bool = False  # the letters carry the signatures (else: drafts)


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


def text_views(texts: Mapping[Language, Text], threads: Sequence[Thread]) -> list[TextView]:
    """Each language (French first), section by section, with the comments anchored there."""
    views = []
    for language in sorted(texts, key=lambda lang: lang != Language.FR):
        text = texts[language]
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


def facts_of(dossier: Dossier, index: Index, language: Language) -> Facts:
    front = dossier.front
    authorities = index.labels("authorities", language)
    linked = [str(i) for i in (dossier.follows, *dossier.followed_by) if i is not None]
    titles = {**index.titles(linked, Language.FR), **index.titles(linked, language)}

    def link(iid: InterpellationId) -> Link:
        return Link(str(iid), titles.get(str(iid), str(iid)))

    return Facts(
        theme=index.labels("themes", language).get(front.theme, front.theme),
        group=index.labels("groups", language).get(front.group, front.group),
        addressees=[authorities.get(a, a) for a in front.addressees],
        copies=[authorities.get(a, a) for a in front.copies],
        follows=link(dossier.follows) if dossier.follows else None,
        followed_by=[link(i) for i in dossier.followed_by],
    )


def _standing(dossier: Dossier, language: Language) -> Standing:
    withdrawal = dossier.withdrawal
    submitted = dossier.state == State.SUBMITTED
    issue = issue_of(dossier.read.journal.events, dossier.text_id)
    return Standing(
        state=dossier.state.value,
        blockers=describe_standing(dossier, language) if submitted else [],
        approved_at=dossier.approval.at if dossier.approval else None,
        withdrawn_at=withdrawal.at if withdrawal else None,
        withdrawn_reason=withdrawal.reason if withdrawal else "",
        reference=issue.reference if issue else "",
        issued_on=issue.date if issue else None,
    )


def interpellation_page(
    store: Store,
    index: Index,
    iid: InterpellationId,
    language: Language,
    page: int = 1,
    member: Member | None = None,
    reading: Reading | None = None,
) -> InterpellationPage:
    """The interpellation as the service reads it (the head, or its last valid version while
    it is read-only: `reading`), as of today, with `member`'s acts."""
    reading = reading or Reading(store.head())
    dossier = read_dossier(store, iid, reading.version)
    title, title_language = dossier.title_in(language)
    threads = dossier.threads
    return InterpellationPage(
        id=str(iid),
        title=title,
        title_language=title_language.value,
        version=dossier.version,
        text_id=dossier.text_id,
        facts=facts_of(dossier, index, language),
        standing=_standing(dossier, language),
        panel=signature_panel(dossier) if dossier.submitted else None,
        objections=objection_views(dossier, language),
        texts=text_views(dossier.texts, threads),
        general_threads=[t for t in threads if t.comment.anchor is None],
        outdated_threads=[t for t in threads if t.outdated],
        history=history_page(index, iid, page),
        people=dossier.names,
        acts=acts_panel(dossier, member, language) if member and not reading.breakage else None,
        read_only=reading.breakage,
        letters=[_letter_link(dossier, a, language) for a in addressed(dossier)],
        approved=dossier.approval is not None,
    )


def _letter_link(dossier: Dossier, authority: Authority, language: Language) -> LetterLink:
    own = letter_language(dossier.read.texts, authority)
    also = [lang.value for lang in dossier.languages if lang != own]
    return LetterLink(authority.id, authority.title.get(language), own.value, also)


def version_page(
    store: Store, index: Index, iid: InterpellationId, version: str, language: Language
) -> VersionPage:
    """The texts of one version; `version` is checked and resolved by the store first."""
    dossier = read_dossier(store, iid, store.resolve(version))
    latest = index.history(iid, limit=1)
    title, title_language = dossier.title_in(language)
    return VersionPage(
        id=str(iid),
        title=title,
        title_language=title_language.value,
        state=dossier.state.value,
        text_id=dossier.text_id,
        facts=facts_of(dossier, index, language),
        texts=text_views(dossier.texts, []),
        shown=version_info(store, index, iid, dossier.version),
        latest=latest[0].version if latest else None,
    )

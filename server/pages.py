"""Reading pages: the list of interpellations and one interpellation.

Thin handlers: parse the request, ask the domain and the index, fill a typed
page context, render. Git reads run in a worker thread (`sync_to_thread`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from litestar import Controller, get
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Template

from interpellations.comments import Thread, comment_threads
from interpellations.document import HEADINGS, SECTION_KEYS
from interpellations.ids import InterpellationId
from interpellations.index import HistoryEntry, Summary
from interpellations.interpellation import Interpellation, load_interpellation
from interpellations.record import load_record
from interpellations.rendering import render_markdown
from interpellations.states import State, state_of
from server.i18n import current_language
from server.service import ServiceDep

PAGE_SIZE = 50


@dataclass(frozen=True)
class ListFilters:
    q: str = ""
    state: str = ""
    theme: str = ""
    group: str = ""
    authority: str = ""
    year: int | None = None


@dataclass(frozen=True)
class ListPage:
    items: list[Summary]
    filters: ListFilters
    themes: dict[str, str]
    groups: dict[str, str]
    authorities: dict[str, str]
    states: list[str]
    total: int


@dataclass(frozen=True)
class SectionView:
    key: str
    heading: str
    html: str
    threads: list[Thread]


@dataclass(frozen=True)
class TextView:
    language: str
    title: str
    sections: list[SectionView]


@dataclass(frozen=True)
class InterpellationPage:
    read: Interpellation
    state: State
    texts: list[TextView]
    general_threads: list[Thread]
    outdated_threads: list[Thread]
    history: list[HistoryEntry]
    theme: str
    group: str
    addressees: list[str]
    copies: list[str]
    people: dict[str, str] = field(default_factory=dict)


def _text_views(read: Interpellation, threads: list[Thread]) -> list[TextView]:
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


class ReadingController(Controller):
    """The pages every visitor reads."""

    @get("/", name="home", sync_to_thread=True)
    def index(
        self,
        service: ServiceDep,
        q: FromQuery[str] = "",
        wanted_state: Annotated[str, QueryParameter(name="state")] = "",
        theme: FromQuery[str] = "",
        group: FromQuery[str] = "",
        authority: FromQuery[str] = "",
        year: FromQuery[int | None] = None,
    ) -> Template:
        state = wanted_state
        filters = ListFilters(q.strip()[:200], state, theme, group, authority, year)
        language = current_language.get()
        items = service.index.search(
            text=filters.q,
            state=state or None,
            theme=theme or None,
            group=group or None,
            authority=authority or None,
            year=year,
            limit=PAGE_SIZE,
        )
        page = ListPage(
            items=items,
            filters=filters,
            themes=service.index.labels("themes", language),
            groups=service.index.labels("groups", language),
            authorities=service.index.labels("authorities", language),
            states=[s.value for s in State],
            total=service.index.count(),
        )
        return Template("interpellations/list.html", context={"page": page})

    @get("/interpellations/{year:int}/{slug:str}", name="interpellation", sync_to_thread=True)
    def show(self, service: ServiceDep, year: FromPath[int], slug: FromPath[str]) -> Template:
        iid = InterpellationId(year, slug)
        read = load_interpellation(service.store.snapshot(), iid)
        threads = comment_threads(read)
        language = current_language.get()
        labels = service.index.labels("authorities", language)
        front = read.french.front
        page = InterpellationPage(
            read=read,
            state=state_of(read),
            texts=_text_views(read, threads),
            general_threads=[t for t in threads if t.comment.anchor is None],
            outdated_threads=[t for t in threads if t.outdated],
            history=service.index.history(iid, limit=20),
            theme=service.index.labels("themes", language).get(front.theme, front.theme),
            group=service.index.labels("groups", language).get(front.group, front.group),
            addressees=[labels.get(a, a) for a in front.addressees],
            copies=[labels.get(a, a) for a in front.copies],
            people={m.email: m.name for m in load_record(service.store.snapshot()).members},
        )
        return Template("interpellations/show.html", context={"page": page})

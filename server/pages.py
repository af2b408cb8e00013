"""Reading pages: the list, one interpellation, one of its versions, the difference of two.

Thin handlers: parse the request, ask `server.page_contexts` for a typed page context
(the index for lists and history, git for texts), render. Git reads run in a
worker thread (`sync_to_thread`). Versions given in a request are checked and
resolved by the store; a forged or unknown one is a 404 page (`server.error_pages`).
Who may read is decided by the application's guards, not here.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Template

from interpellations.clock import now
from interpellations.reading.agenda import agenda_for
from interpellations.reading.comparison import compare
from interpellations.record.ids import InterpellationId
from server.auth import current_member
from server.language import current_language
from server.page_contexts.acts_panel import current_acts
from server.page_contexts.front_lines import labelled_front
from server.page_contexts.interpellation_page import interpellation_page, version_page
from server.page_contexts.list_page import ListFilters, list_page
from server.service import ServiceDep

ONE = "/interpellations/{year:int}/{slug:str}"
# Pages are kept a minute for the same person, version of the record, language and
# anti-forgery cookie (`server.app.page_cache_key`): any write changes the version.
PAGE_CACHE_SECONDS = 60


def _page_number(value: str) -> int:
    """A page number from the query; anything else is the first page."""
    return int(value) if value.isdigit() and len(value) < 6 else 1


class ReadingController(Controller):
    """The pages every member reads."""

    @get("/", name="home", sync_to_thread=True, cache=PAGE_CACHE_SECONDS)
    def index(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        q: FromQuery[str] = "",
        wanted_state: Annotated[str, QueryParameter(name="state")] = "",
        theme: FromQuery[str] = "",
        group: FromQuery[str] = "",
        authority: FromQuery[str] = "",
        year: FromQuery[str] = "",
    ) -> Template:
        filters = ListFilters.parse(q, wanted_state, theme, group, authority, year)
        page = list_page(
            service.store, service.index, filters, current_language.get(), now().date()
        )
        member = current_member(request, service)
        agenda = agenda_for(service.index, member, now().date()) if member else None
        return Template("interpellations/list.html", context={"page": page, "agenda": agenda})

    @get(ONE, name="interpellation", sync_to_thread=True, cache=PAGE_CACHE_SECONDS)
    def show(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        page: FromQuery[str] = "1",
        done: Annotated[str, QueryParameter(name="fait")] = "",
    ) -> Template:
        iid = InterpellationId(year, slug)
        member = current_member(request, service)
        context = interpellation_page(
            service.store,
            service.index,
            iid,
            current_language.get(),
            _page_number(page),
            member,
            service.reading(iid),
        )
        return Template(
            "interpellations/show.html", context={"page": context, "done": done, "failure": None}
        )

    @get(f"{ONE}/diff", name="interpellation-diff", sync_to_thread=True, cache=PAGE_CACHE_SECONDS)
    def diff(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        older: Annotated[str, QueryParameter(name="from")] = "",
        newer: Annotated[str, QueryParameter(name="to")] = "",
    ) -> Template:
        iid = InterpellationId(year, slug)
        language = current_language.get()
        context = compare(
            service.store,
            service.index,
            iid,
            older or None,
            newer or service.last_loaded(iid),
            language=language,
            front=labelled_front(service.index, language),
        )
        member = current_member(request, service)
        # up to the current text, the person may sign it from here, in one step
        writable = not newer and service.health.breakage(iid) is None
        acts = current_acts(service.store, iid, member, language) if member and writable else None
        return Template("interpellations/diff.html", context={"page": context, "acts": acts})

    @get(f"{ONE}/version/{{version:str}}", name="interpellation-version", sync_to_thread=True)
    def version(
        self,
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        version: FromPath[str],
    ) -> Template:
        iid = InterpellationId(year, slug)
        context = version_page(service.store, service.index, iid, version, current_language.get())
        return Template("interpellations/version.html", context={"page": context})

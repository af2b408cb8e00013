"""The reading operations: list and search, one interpellation, its history, a diff.

Thin handlers: parse the request, call `server.api.answers` in a worker thread
(git and the index are read there), answer a model. Identifiers and versions
from the request are checked by the domain: a forged one is a 404 problem.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.params import FromPath, QueryParameter

from interpellations.clock import now
from interpellations.reading.listing import Filters
from interpellations.record.ids import InterpellationId
from interpellations.record.model import SLUG_MAX, SLUG_PATTERN
from interpellations.rules.states import State
from server.api import answers, schemas
from server.auth import current_member
from server.problem_details import accepted_language, problem_responses
from server.service import ServiceDep

ONE = "/{year:int}/{slug:str}"
LIST_MAX = 200
QUERY_MAX = 200
PAGE_MAX = 100_000
OFFSET_MAX = 1_000_000

Slug = Annotated[str | None, QueryParameter(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
VERSION = "A version of the record: its commit id, 7 to 40 hex digits."


class InterpellationsController(Controller):
    path = "/interpellations"
    tags = ["interpellations"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get(
        "",
        name="api-interpellations",
        operation_id="listInterpellations",
        sync_to_thread=True,
        summary="List and search interpellations",
        responses=problem_responses(400, 401),
    )
    def search(
        self,
        service: ServiceDep,
        q: Annotated[
            str, QueryParameter(max_length=QUERY_MAX, description="Words of the texts or comments.")
        ] = "",
        wanted_state: Annotated[State | None, QueryParameter(name="state")] = None,
        theme: Slug = None,
        group: Slug = None,
        authority: Slug = None,
        year: Annotated[int | None, QueryParameter(ge=1900, le=2099)] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=LIST_MAX)] = 50,
        offset: Annotated[int, QueryParameter(ge=0, le=OFFSET_MAX)] = 0,
    ) -> schemas.Listing:
        wanted = wanted_state.value if wanted_state else None
        filters = Filters(q.strip(), wanted, theme, group, authority, year)
        return answers.listing(service.store, service.index, filters, limit, offset, now().date())

    @get(
        ONE,
        name="api-interpellation",
        operation_id="getInterpellation",
        sync_to_thread=True,
        summary="One interpellation: its texts, state and approval status",
        responses=problem_responses(400, 401, 404),
    )
    def show(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
    ) -> schemas.Interpellation:
        iid = InterpellationId(year, slug)
        member = current_member(request, service)
        language = accepted_language(request)
        at = service.reading(iid).version
        return answers.interpellation(service.store, iid, language, now().date(), member, at)

    @get(
        f"{ONE}/history",
        name="api-interpellation-history",
        operation_id="getInterpellationHistory",
        sync_to_thread=True,
        summary="The versions of one interpellation, newest first",
        responses=problem_responses(400, 401, 404),
    )
    def history(
        self,
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        page: Annotated[int, QueryParameter(ge=1, le=PAGE_MAX)] = 1,
        limit: Annotated[int, QueryParameter(ge=1, le=LIST_MAX)] = 20,
    ) -> schemas.History:
        return answers.history(service.index, InterpellationId(year, slug), page, limit)

    @get(
        f"{ONE}/diff",
        name="api-interpellation-diff",
        operation_id="getInterpellationDiff",
        sync_to_thread=True,
        summary="The difference between two versions, word by word",
        description="Without `from`, the text before its last change; without `to`, the "
        "current one. A version that is not one of the record's is a 404 problem.",
        responses=problem_responses(400, 401, 404),
    )
    def diff(
        self,
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        older: Annotated[
            str | None, QueryParameter(name="from", max_length=100, description=VERSION)
        ] = None,
        newer: Annotated[
            str | None, QueryParameter(name="to", max_length=100, description=VERSION)
        ] = None,
    ) -> schemas.Diff:
        iid = InterpellationId(year, slug)
        newer = newer or service.last_loaded(iid)
        return answers.diff(service.store, service.index, iid, older or None, newer)

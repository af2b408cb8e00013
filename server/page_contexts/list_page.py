"""The list of interpellations: filters, and per line where each side stands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from interpellations.index.index import Index
from interpellations.reading.listing import Filters, Line, list_interpellations
from interpellations.record.model import Language
from interpellations.record.store import Store
from interpellations.rules.states import State

PAGE_SIZE = 50
QUERY_MAX = 200
# States whose line says where each side stands on the current text
TALLIED_STATES = frozenset({State.SUBMITTED.value, State.APPROVED.value})


@dataclass(frozen=True)
class ListFilters:
    q: str = ""
    state: str = ""
    theme: str = ""
    group: str = ""
    authority: str = ""
    year: int | None = None

    @classmethod
    def parse(
        cls, q: str, state: str, theme: str, group: str, authority: str, year: str
    ) -> ListFilters:
        """What the filter form sent; an empty or malformed year means every year."""
        wanted_year = int(year) if year.strip().isdigit() else None
        return cls(q.strip()[:QUERY_MAX], state, theme, group, authority, wanted_year)


@dataclass(frozen=True)
class ListPage:
    items: list[Line]
    titles: dict[str, str]  # the titles in the reader's language, where the text exists in it
    filters: ListFilters
    themes: dict[str, str]
    groups: dict[str, str]
    authorities: dict[str, str]
    states: list[str]
    years: list[int]
    total: int
    tallied_states: frozenset[str] = TALLIED_STATES

    def title_of(self, item: Line) -> tuple[str, str]:
        """The line's title and its language: the reader's when there is one, else French."""
        if item.id in self.titles:
            return self.titles[item.id], "nl"
        return item.title, "fr"

    @property
    def year_options(self) -> list[tuple[str, str]]:
        return [(str(year), str(year)) for year in self.years]

    @property
    def selected_year(self) -> str:
        return str(self.filters.year) if self.filters.year is not None else ""


def list_page(
    store: Store, index: Index, filters: ListFilters, language: Language, today: dt.date
) -> ListPage:
    """The lines matching the filters, counted as of `today`, with each filter's choices."""
    wanted = Filters(
        text=filters.q,
        state=filters.state or None,
        theme=filters.theme or None,
        group=filters.group or None,
        authority=filters.authority or None,
        year=filters.year,
    )
    items = list_interpellations(store, index, wanted, today, limit=PAGE_SIZE)
    return ListPage(
        items=items,
        titles=index.titles([item.id for item in items], language)
        if language != Language.FR
        else {},
        filters=filters,
        themes=index.labels("themes", language),
        groups=index.labels("groups", language),
        authorities=index.labels("authorities", language),
        states=[s.value for s in State],
        years=index.years(),
        total=index.count(),
    )

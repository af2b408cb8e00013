"""The history of one interpellation, a page at a time, from the index."""

from __future__ import annotations

from dataclasses import dataclass

from interpellations.errors import NotFound
from interpellations.index.index import HistoryEntry, Index
from interpellations.record.ids import InterpellationId

HISTORY_PAGE_SIZE = 20


@dataclass(frozen=True)
class HistoryPage:
    entries: list[HistoryEntry]
    page: int
    pages: int
    total: int
    size: int = HISTORY_PAGE_SIZE

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


def history_page(
    index: Index,
    iid: InterpellationId,
    page: int,
    size: int | None = None,
    *,
    clamped: bool = True,
) -> HistoryPage:
    """Page `page` (from 1, newest first) of `size` versions.

    A person following a stale link gets the last page (`clamped`); a program paging
    until nothing comes gets an empty page past the end.
    """
    size = size or HISTORY_PAGE_SIZE
    total = index.history_length(iid)
    if total == 0:
        raise NotFound(what="interpellation", id=str(iid))
    pages = max(1, -(-total // size))
    page = min(max(page, 1), pages) if clamped else max(page, 1)
    entries = index.history(iid, limit=size, offset=(page - 1) * size)
    return HistoryPage(entries, page, pages, total, size)

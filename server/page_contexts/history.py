"""The history of one interpellation, a page at a time, from the index."""

from __future__ import annotations

from dataclasses import dataclass

from interpellations.index.index import HistoryEntry, Index
from interpellations.index.rows import trailers_of
from interpellations.record.ids import InterpellationId
from interpellations.record.store import Store
from interpellations.record.trailers import MANUAL

HISTORY_PAGE_SIZE = 20


@dataclass(frozen=True)
class HistoryPage:
    entries: list[HistoryEntry]
    page: int
    pages: int
    total: int

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


def history_page(index: Index, iid: InterpellationId, page: int) -> HistoryPage:
    """Page `page` (from 1, newest first), brought into range."""
    total = index.history_length(iid)
    pages = max(1, -(-total // HISTORY_PAGE_SIZE))
    page = min(max(page, 1), pages)
    entries = index.history(iid, limit=HISTORY_PAGE_SIZE, offset=(page - 1) * HISTORY_PAGE_SIZE)
    return HistoryPage(entries, page, pages, total)


@dataclass(frozen=True)
class VersionInfo:
    """Who made a version, when, and what it was (for the headings of old texts and diffs)."""

    version: str
    date: str
    author: str
    action: str
    subject: str


def version_info(store: Store, index: Index, iid: InterpellationId, version: str) -> VersionInfo:
    """From the index when the version is in this interpellation's history, else from git."""
    entry = index.history_entry(iid, version)
    if entry is not None:
        return VersionInfo(
            entry.version, entry.date, entry.author_name, entry.action, entry.subject
        )
    commit = store.commit_info(version)
    return VersionInfo(
        commit.version,
        commit.date.isoformat(),
        commit.author.name,
        trailers.action.value if (trailers := trailers_of(commit)) else MANUAL,
        commit.subject,
    )

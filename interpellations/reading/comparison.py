"""Two versions of an interpellation compared word by word, and who made a version.

Section by section (the front matter first), for each language present in
either version, in the one vocabulary of `text.diffing` (`delete`, `insert`,
`equal`) that the page, the API and the CLI all show. Versions come from people:
the store checks and resolves them (`Store.resolve`), so a forged one is refused
before it reaches git.
"""

from __future__ import annotations

from dataclasses import dataclass

from interpellations.errors import NotFound
from interpellations.index.index import HistoryEntry, Index
from interpellations.index.rows import trailers_of
from interpellations.record.document import HEADINGS
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import Interpellation, load_interpellation
from interpellations.record.model import Language
from interpellations.record.store import Store
from interpellations.record.trailers import MANUAL
from interpellations.text.diffing import FrontLines, Piece, SectionDiff, text_diff

HISTORY_MAX = 1000


@dataclass(frozen=True)
class SectionChange:
    key: str  # front | constats | avis | propositions
    heading: str  # the section's heading in the text's language ("" for the front matter)
    changed: bool
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class LanguageChange:
    language: Language
    sections: tuple[SectionChange, ...]

    @property
    def changed(self) -> bool:
        return any(section.changed for section in self.sections)


@dataclass(frozen=True)
class VersionInfo:
    """Who made a version, when, and what it was."""

    version: str
    date: str
    author: str
    action: str
    subject: str


@dataclass(frozen=True)
class Comparison:
    id: str
    title: str
    title_language: str
    older: VersionInfo
    newer: VersionInfo
    languages: tuple[LanguageChange, ...]
    choices: tuple[HistoryEntry, ...]  # the versions that changed the text, newest first

    @property
    def changed(self) -> bool:
        return any(language.changed for language in self.languages)


def _section(language: Language, diff: SectionDiff) -> SectionChange:
    heading = HEADINGS[language].get(diff.key, "")
    return SectionChange(diff.key, heading, diff.changed, diff.pieces)


def language_changes(
    older: Interpellation | None, newer: Interpellation, front: FrontLines | None = None
) -> tuple[LanguageChange, ...]:
    """Every language of either version, French first."""
    present = set(newer.texts) | (set(older.texts) if older else set())
    changes = []
    for language in sorted(present, key=lambda lang: lang != Language.FR):
        before = older.text(language) if older else None
        diffs = text_diff(before, newer.text(language), front)
        changes.append(LanguageChange(language, tuple(_section(language, d) for d in diffs)))
    return tuple(changes)


def default_older(history: list[HistoryEntry], newer: str) -> str:
    """The version before the last change of the text up to `newer` (itself if none)."""
    versions = [entry.version for entry in history]
    start = versions.index(newer) if newer in versions else 0
    for entry in history[start:]:
        if entry.text_changed:
            return entry.previous or entry.version
    return newer


def compare(
    store: Store,
    index: Index,
    iid: InterpellationId,
    older: str | None = None,
    newer: str | None = None,
    *,
    language: Language = Language.FR,
    front: FrontLines | None = None,
) -> Comparison:
    """Compare two versions; by default, the text before its last change with the current one."""
    asked = [store.resolve(version) if version else None for version in (older, newer)]
    history = index.history(iid, limit=HISTORY_MAX)
    if not history:
        raise NotFound(what="interpellation", id=str(iid))
    newer_full = asked[1] or history[0].version
    older_full = asked[0] or default_older(history, newer_full)
    after = load_interpellation(store.snapshot(newer_full), iid)
    try:
        before: Interpellation | None = load_interpellation(store.snapshot(older_full), iid)
    except NotFound:
        before = None  # not written yet at that version: all of it is new
    text = after.text(language) or after.french
    wanted = (older_full, newer_full)
    return Comparison(
        id=str(iid),
        title=text.front.title,
        title_language=text.language.value,
        older=version_info(store, index, iid, older_full),
        newer=version_info(store, index, iid, newer_full),
        languages=language_changes(before, after, front),
        choices=tuple(e for e in history if e.text_changed or e.version in wanted),
    )


def version_info(store: Store, index: Index, iid: InterpellationId, version: str) -> VersionInfo:
    """From the index when the version is in this interpellation's history, else from git."""
    entry = index.history_entry(iid, version)
    if entry is not None:
        return VersionInfo(
            entry.version, entry.date, entry.author_name, entry.action, entry.subject
        )
    commit = store.commit_info(version)
    trailers = trailers_of(commit)
    return VersionInfo(
        commit.version,
        commit.date.isoformat(),
        commit.author.name,
        trailers.action.value if trailers else MANUAL,
        commit.subject,
    )

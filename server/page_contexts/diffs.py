"""The difference between two versions of an interpellation, word by word.

Section by section (the front matter first), for each language present in
either version. Versions come from the request: the store checks and resolves
them (`Store.resolve`), so a forged one is refused before it reaches git.
"""

from __future__ import annotations

from dataclasses import dataclass

from interpellations.errors import NotFound
from interpellations.index.index import HistoryEntry, Index
from interpellations.record.document import HEADINGS
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import Interpellation, load_interpellation
from interpellations.record.model import Language
from interpellations.record.store import Store
from interpellations.text.diffing import Op, SectionDiff, text_diff
from server.page_contexts.history import VersionInfo, version_info
from server.page_contexts.reading import title_of

HISTORY_MAX = 1000
KINDS = {Op.DELETE: "del", Op.INSERT: "ins", Op.EQUAL: "same"}


@dataclass(frozen=True)
class Fragment:
    kind: str  # del | ins | same
    text: str


@dataclass(frozen=True)
class SectionChange:
    key: str  # front | constats | avis | propositions
    heading: str  # the section's heading in the text's language ("" for the front matter)
    changed: bool
    fragments: list[Fragment]


@dataclass(frozen=True)
class LanguageChange:
    language: str
    sections: list[SectionChange]

    @property
    def changed(self) -> bool:
        return any(section.changed for section in self.sections)


@dataclass(frozen=True)
class DiffPage:
    id: str
    title: str
    title_language: str
    older: VersionInfo
    newer: VersionInfo
    languages: list[LanguageChange]
    choices: list[HistoryEntry]  # the versions that changed the text, newest first

    @property
    def changed(self) -> bool:
        return any(language.changed for language in self.languages)


def _section(language: Language, diff: SectionDiff) -> SectionChange:
    heading = HEADINGS[language].get(diff.key, "")
    fragments = [Fragment(KINDS[piece.op], piece.text) for piece in diff.pieces]
    return SectionChange(diff.key, heading, diff.changed, fragments)


def language_changes(older: Interpellation | None, newer: Interpellation) -> list[LanguageChange]:
    """Every language of either version, French first."""
    present = set(newer.texts) | (set(older.texts) if older else set())
    languages = sorted(present, key=lambda lang: lang != Language.FR)
    changes = []
    for language in languages:
        before = older.text(language) if older else None
        diffs = text_diff(before, newer.text(language))
        changes.append(LanguageChange(language.value, [_section(language, d) for d in diffs]))
    return changes


def default_older(history: list[HistoryEntry], newer: str) -> str:
    """The version before the last change of the text up to `newer` (itself if none)."""
    versions = [entry.version for entry in history]
    start = versions.index(newer) if newer in versions else 0
    for entry in history[start:]:
        if entry.text_changed:
            return entry.previous or entry.version
    return newer


def _choices(history: list[HistoryEntry], *wanted: str) -> list[HistoryEntry]:
    """Versions that changed the text, plus the ones compared now if they did not."""
    return [e for e in history if e.text_changed or e.version in wanted]


def diff_page(
    store: Store,
    index: Index,
    iid: InterpellationId,
    older: str | None = None,
    newer: str | None = None,
    *,
    language: Language = Language.FR,
) -> DiffPage:
    """Compare two versions; by default, the text before its last change with the current one."""
    history = index.history(iid, limit=HISTORY_MAX)
    if not history:
        raise NotFound(what="interpellation", id=str(iid))
    newer_full = store.resolve(newer) if newer else history[0].version
    older_full = store.resolve(older) if older else default_older(history, newer_full)
    after = load_interpellation(store.snapshot(newer_full), iid)
    try:
        before: Interpellation | None = load_interpellation(store.snapshot(older_full), iid)
    except NotFound:
        before = None  # not written yet at that version: all of it is new
    title, title_language = title_of(after, language)
    return DiffPage(
        id=str(iid),
        title=title,
        title_language=title_language,
        older=version_info(store, index, iid, older_full),
        newer=version_info(store, index, iid, newer_full),
        languages=language_changes(before, after),
        choices=_choices(history, older_full, newer_full),
    )

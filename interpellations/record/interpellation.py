"""One interpellation as read at a version: its texts, its journal, its text id."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from interpellations.blobcache import parsed
from interpellations.errors import NotFound
from interpellations.record.document import Text, parse_text, text_file, text_id, text_language
from interpellations.record.ids import InterpellationId
from interpellations.record.journal import read_journal
from interpellations.record.model import Journal, Language
from interpellations.record.store import Snapshot


@dataclass(frozen=True)
class Interpellation:
    id: InterpellationId
    version: str
    texts: dict[Language, Text]
    files: dict[str, bytes]
    journal: Journal

    @property
    def text_id(self) -> str:
        return text_id(self.files)

    @property
    def french(self) -> Text:
        return self.texts[Language.FR]

    @property
    def title(self) -> str:
        return self.french.front.title

    @property
    def languages(self) -> list[Language]:
        return sorted(self.texts, key=lambda lang: lang != Language.FR)

    def text(self, language: Language) -> Text | None:
        return self.texts.get(language)


def text_files(snapshot: Snapshot, iid: InterpellationId) -> dict[str, bytes]:
    """The exact bytes of every language version present, by file name."""
    files = {}
    for name in snapshot.list(iid.folder):
        if text_language(name) is not None:
            raw = snapshot.read(iid.path(name))
            if raw is not None:
                files[name] = raw
    return files


def load_interpellation(snapshot: Snapshot, iid: InterpellationId) -> Interpellation:
    """Read an interpellation at the snapshot's version; `NotFound` if it has no French text."""
    files = text_files(snapshot, iid)
    if text_file(Language.FR) not in files:
        raise NotFound(what="interpellation", id=str(iid))
    texts = {}
    for name, raw in files.items():
        language = text_language(name)
        if language is not None:
            path = iid.path(name)
            texts[language] = parsed(
                snapshot.blob_id(path), path, partial(_parse, raw, language, path)
            )
    return Interpellation(iid, snapshot.version, texts, files, read_journal(snapshot, iid))


def _parse(raw: bytes, language: Language, path: str) -> Text:
    return parse_text(raw.decode("utf-8"), language, path)

"""The editor's view of a text: a title and a body per language, the details shared.

People write the sections; the front matter (theme, group, addressees, copies) is
chosen in fields, never typed as YAML. `compose` writes the files the record
holds from what the editor shows, and `decompose` does the reverse; neither
refuses anything, because a working copy keeps what was typed even when it is
not yet a valid text (saving a version is what checks it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from interpellations.errors import InvalidDocument
from interpellations.record.document import split_front_matter
from interpellations.record.model import Language
from interpellations.yamlio import FastYAMLError, dump_data, fast_load

SHARED = ("theme", "group", "addressees", "copies")


@dataclass(frozen=True)
class Writing:
    """One language of a text as the editor shows it."""

    title: str = ""
    body: str = ""

    @property
    def empty(self) -> bool:
        return not (self.title.strip() or self.body.strip())


@dataclass(frozen=True)
class EditorFields:
    """Everything the editor holds: the writing of each language and the shared details."""

    writings: Mapping[Language, Writing]
    theme: str = ""
    group: str = ""
    addressees: tuple[str, ...] = ()
    copies: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)  # front matter keys kept as found

    def writing(self, language: Language) -> Writing:
        return self.writings.get(language, Writing())


def compose(fields: EditorFields) -> dict[Language, str]:
    """The text files for the editor's fields; a language left empty has no file.

    French is always written: it is the text of reference.
    """
    texts = {}
    for language in Language:
        writing = fields.writing(language)
        if language != Language.FR and writing.empty:
            continue
        head = {
            "title": writing.title.strip(),
            "theme": fields.theme,
            "group": fields.group,
            "addressees": list(fields.addressees),
            "copies": list(fields.copies),
            "language": language.value,
            **fields.extra,
        }
        yaml = dump_data(head, inline_lists=True).decode()
        body = writing.body.replace("\r\n", "\n").strip("\n")
        texts[language] = f"---\n{yaml}---\n\n{body}\n"
    return texts


def decompose(texts: Mapping[Language, str]) -> EditorFields:
    """The editor's fields for the text files (the French front matter gives the details)."""
    writings = {}
    details: dict[str, Any] = {}
    for language in sorted(texts, key=lambda lang: lang != Language.FR):
        front, body = _split(texts[language])
        writings[language] = Writing(str(front.get("title", "") or ""), body)
        if not details:
            details = front
    return EditorFields(
        writings,
        theme=str(details.get("theme", "") or ""),
        group=str(details.get("group", "") or ""),
        addressees=_strings(details.get("addressees")),
        copies=_strings(details.get("copies")),
        extra={k: v for k, v in details.items() if k not in {*SHARED, "title", "language"}},
    )


def _split(raw: str) -> tuple[dict[str, Any], str]:
    """Front matter and body; a text whose head cannot be read is all body, kept whole."""
    try:
        head, body, _ = split_front_matter(raw.replace("\r\n", "\n"), "")
        data = fast_load(head)
    except (InvalidDocument, FastYAMLError):
        return {}, raw
    return (data if isinstance(data, dict) else {}), body.strip("\n")


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()

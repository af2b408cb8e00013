"""Where a comment on a passage stands once the text has changed.

A comment keeps the words it quoted, with a little context before and after. On a
later version it follows its words if they are found exactly once in its section
(or once with the same context around them); otherwise it is outdated, shown
apart with a link to the version it was written on, and never attached to a
passage it was not written about.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from interpellations.errors import AnchorNotUnique
from interpellations.record.document import HEADINGS, SECTION_KEYS, Text
from interpellations.record.model import Anchor

CONTEXT_CHARS = 32


class Placement(StrEnum):
    ATTACHED = "attached"
    OUTDATED = "outdated"


@dataclass(frozen=True)
class Located:
    placement: Placement
    start: int = -1
    end: int = -1


def make_anchor(text: Text, version: str, section: str, quote: str) -> Anchor:
    """An anchor for `quote`, which must occur exactly once in `section` of `text`.

    With no section given, the quote must occur once in the whole text, and its
    section is the one it is in: a person quoting a sentence need not name where.
    """
    section = _section_key(text, section) if section else _section_of(text, quote)
    body = text.section_body(section)
    start = _unique(body, quote)
    if start is None:
        raise AnchorNotUnique(section=section, quote=quote[:80])
    prefix = body[max(0, start - CONTEXT_CHARS) : start]
    suffix = body[start + len(quote) : start + len(quote) + CONTEXT_CHARS]
    return Anchor(
        version=version,
        language=text.language,
        section=section,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
    )


def locate(anchor: Anchor, text: Text | None) -> Located:
    """Where the anchored words are in `text` (of the anchor's language), if still unique."""
    if text is None or anchor.section not in text.sections:
        return Located(Placement.OUTDATED)
    body = text.section_body(anchor.section)
    start = _unique(body, anchor.quote)
    if start is None:
        with_context = anchor.prefix + anchor.quote + anchor.suffix
        found = _unique(body, with_context)
        if found is None:
            return Located(Placement.OUTDATED)
        start = found + len(anchor.prefix)
    return Located(Placement.ATTACHED, start, start + len(anchor.quote))


def _section_key(text: Text, section: str) -> str:
    """`constats`, or its heading as people write it (`Constats`, `Vaststellingen`)."""
    wanted = section.strip().casefold()
    by_heading = {key: HEADINGS[text.language][key].casefold() for key in SECTION_KEYS}
    return next((key for key, heading in by_heading.items() if wanted in (key, heading)), section)


def _section_of(text: Text, quote: str) -> str:
    """The one section quoting `quote`; empty (so refused) if none or several do."""
    holding = [key for key, section in text.sections.items() if quote in section.body]
    return holding[0] if len(holding) == 1 else ""


def _unique(haystack: str, needle: str) -> int | None:
    first = haystack.find(needle)
    if first < 0 or haystack.find(needle, first + 1) >= 0:
        return None
    return first

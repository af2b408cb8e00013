"""French typography in letters: a narrow no-break space before ; : ! ? and inside « ».

No converter adds it by itself (pandoc, Typst, LibreOffice): the text is given it
before it is rendered. Dutch has no such space.
"""

from __future__ import annotations

import re

from interpellations.record.vocabulary import Language

NARROW = "\u202f"
# before ; : ! ? that end a word (so "14:30" and "https://" keep theirs as typed)
_BEFORE_MARK = re.compile(r"(?<=\S)[ \u00a0\u202f]?([;:!?])(?=\s|$|[»)\]*_])")
_AFTER_OPENING = re.compile(r"«[ \u00a0\u202f]?")
_BEFORE_CLOSING = re.compile(r"[ \u00a0\u202f]?»")


def typeset(text: str, language: Language) -> str:
    """`text` with the spaces French typography puts around its punctuation."""
    if language != Language.FR:
        return text
    text = _BEFORE_MARK.sub(NARROW + r"\1", text)
    text = _AFTER_OPENING.sub("«" + NARROW, text)
    return _BEFORE_CLOSING.sub(NARROW + "»", text)

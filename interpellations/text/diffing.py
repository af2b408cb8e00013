"""Word-level differences between two texts, section by section.

diff-match-patch on word tokens (each word and each run of spaces mapped to one
character, its line-mode trick applied to words) with semantic clean-up, so a
signer reads "what changed" as whole words, in the section where it changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from diff_match_patch import diff_match_patch

from interpellations.record.document import SECTION_KEYS, Text

TOKEN_RE = re.compile(r"\s+|[^\s]+")


class Op(StrEnum):
    """What happened to a piece of text: the one vocabulary of every output (page, API, CLI)."""

    DELETE = "delete"
    EQUAL = "equal"
    INSERT = "insert"


ENGINE_OPS = {-1: Op.DELETE, 0: Op.EQUAL, 1: Op.INSERT}  # diff-match-patch's integers


@dataclass(frozen=True)
class Piece:
    op: Op
    text: str


@dataclass(frozen=True)
class SectionDiff:
    """The difference of one part of the text: `front` (title, addressees…) or a section."""

    key: str
    pieces: tuple[Piece, ...]

    @property
    def changed(self) -> bool:
        return any(piece.op != Op.EQUAL for piece in self.pieces)


def word_diff(old: str, new: str) -> tuple[Piece, ...]:
    """The word-level difference between two strings."""
    tokens: dict[str, str] = {}

    def encode(text: str) -> str:
        # one character per distinct token; planes 1 to 16 give room for a million words
        chars = []
        for token in TOKEN_RE.findall(text):
            if token not in tokens:
                tokens[token] = chr(0x10000 + len(tokens))
            chars.append(tokens[token])
        return "".join(chars)

    old_chars, new_chars = encode(old), encode(new)
    decode = {char: tok for tok, char in tokens.items()}
    engine = diff_match_patch()
    engine.Diff_Timeout = 2.0
    diffs = engine.diff_main(old_chars, new_chars, False)
    engine.diff_cleanupSemantic(diffs)
    return tuple(Piece(ENGINE_OPS[op], "".join(decode[c] for c in chars)) for op, chars in diffs)


FrontLines = Callable[[Text], str]


def text_diff(
    old: Text | None, new: Text | None, front: FrontLines | None = None
) -> list[SectionDiff]:
    """The difference of two versions of one language, front matter first.

    `front` writes the front matter as lines for a reader (labels, names); by
    default its keys and identifiers, as a machine reads them.
    """
    lines = front or front_lines
    front_old = lines(old) if old else ""
    front_new = lines(new) if new else ""
    diffs = [SectionDiff("front", word_diff(front_old, front_new))]
    for key in SECTION_KEYS:
        before = old.section_body(key) if old else ""
        after = new.section_body(key) if new else ""
        diffs.append(SectionDiff(key, word_diff(before, after)))
    return diffs


def front_lines(text: Text) -> str:
    front = text.front
    return "\n".join(
        [
            f"title: {front.title}",
            f"theme: {front.theme}",
            f"group: {front.group}",
            f"addressees: {', '.join(front.addressees)}",
            f"copies: {', '.join(front.copies)}",
        ]
    )


def as_markup(pieces: tuple[Piece, ...]) -> str:
    """Plain-text rendering, as `git diff --word-diff` prints it: [-old-]{+new+}."""
    out = []
    for piece in pieces:
        if piece.op == Op.DELETE:
            out.append(f"[-{piece.text}-]")
        elif piece.op == Op.INSERT:
            out.append(f"{{+{piece.text}+}}")
        else:
            out.append(piece.text)
    return "".join(out)

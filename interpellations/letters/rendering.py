"""Letters as PDF, DOCX and ODT: one Markdown text per letter, converted by pandoc.

The letter is written by a Jinja2 template per language (`templates/letters/`), in a
strict environment where a missing field fails, as pandoc Markdown. pandoc turns it
into DOCX or ODT, or into Typst markup laid on the page template (`page.typ`: the
footer with the text id, the verification address and its QR code, and the draft's
watermark), which the `typst` package compiles in-process into a tagged PDF.

Letters are made a few at a time (as many as the machine has cores): each starts a
pandoc process of some 55 MB, and more of them at once would only share the same
cores while holding more memory (`bench letters` measures both).

Nothing is fetched while rendering: pandoc runs with `--sandbox`, Typst with the
fonts it ships and no package. What people wrote is text, never code for a converter:
raw HTML, TeX and Typst blocks are not read.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
from collections.abc import Sequence
from enum import StrEnum
from functools import cache
from pathlib import Path

import pypandoc
import segno
import typst
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

from interpellations.errors import DomainError
from interpellations.letters.content import Letter, Signatory, SignedSide
from interpellations.letters.typography import typeset
from interpellations.record.vocabulary import Language

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "letters"
TEMPLATE_OF = {Language.FR: "lettre.fr.md", Language.NL: "brief.nl.md"}
PAGE = TEMPLATES / "page.typ"
LANG_TAG = {Language.FR: "fr-BE", Language.NL: "nl-BE"}
# pandoc's Markdown without its raw passages: a text cannot smuggle code to a converter
READER = "markdown-raw_html-raw_attribute-raw_tex"
PANDOC_ARGS = ("--sandbox", "--wrap=none")
AT_ONCE = threading.BoundedSemaphore(os.cpu_count() or 2)
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~^$@&\"])")


class Format(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    ODT = "odt"


class RenderingFailed(DomainError):
    """A letter could not be made (pandoc or Typst refused): nothing was written."""

    code = "rendering_failed"


def render(letter: Letter, form: Format) -> bytes:
    """The letter as a file of `form`; `RenderingFailed` says what went wrong."""
    try:
        with AT_ONCE:
            return _pdf(letter) if form == Format.PDF else _office(letter, form)
    except (RuntimeError, OSError, ValueError) as error:
        # pandoc and typst say what failed in their exception's text
        log.exception("letter to %s (%s) could not be rendered", letter.addressee, form.value)
        raise RenderingFailed(form=form.value.upper(), detail=str(error)[:500]) from error


def markdown_of(letter: Letter, *, paged: bool) -> str:
    """The letter as pandoc Markdown; `paged`: the page template draws footer and watermark."""
    template = _environment().get_template(TEMPLATE_OF[letter.language])
    return template.render(letter=letter, paged=paged)


def _office(letter: Letter, form: Format) -> bytes:
    with tempfile.TemporaryDirectory(prefix="lettre-") as folder:
        out = Path(folder) / f"lettre.{form.value}"
        pypandoc.convert_text(
            markdown_of(letter, paged=False),
            form.value,
            format=READER,
            outputfile=str(out),
            extra_args=[*PANDOC_ARGS, "-M", f"lang={LANG_TAG[letter.language]}"],
        )
        return out.read_bytes()


def _pdf(letter: Letter) -> bytes:
    markup = pypandoc.convert_text(
        markdown_of(letter, paged=True),
        "typst",
        format=READER,
        extra_args=[
            *PANDOC_ARGS,
            f"--template={PAGE}",
            "-M",
            f"title={letter.subject}",
            "-M",
            f"lang={LANG_TAG[letter.language]}",
        ],
    )
    qr = segno.make(letter.verification_url, error="m").svg_inline(scale=4, border=0)
    inputs = {
        "qr": qr,
        "verification": letter.verification_url,
        "text_id": letter.short_text_id,
        "reference": letter.reference or "",
        "draft": "yes" if letter.draft else "",
        "language": letter.language.value,
    }
    pdf: bytes = typst.compile(
        markup.encode(), format="pdf", sys_inputs=inputs, root=str(PAGE.parent)
    )
    return pdf


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=False,  # noqa: S701 - Markdown for pandoc, not HTML: `plain` escapes values
        keep_trailing_newline=True,
        trim_blocks=True,
    )
    env.filters["plain"] = _plain
    env.filters["prose"] = _prose
    env.filters["signatures"] = _signatures
    return env


@pass_context
def _plain(context: Context, value: str) -> str:
    """A value shown as it is: on one line, typeset, every Markdown character escaped."""
    return _escaped(value, context["letter"].language)


@pass_context
def _prose(context: Context, value: str) -> str:
    """A section of the text: its Markdown kept, French spaces added."""
    return typeset(value, context["letter"].language)


@pass_context
def _signatures(context: Context, sides: Sequence[SignedSide], *headings: str) -> str:
    """The signatories side by side (CPAS left): a table of two columns, one per side."""
    language = context["letter"].language
    columns = [list(side.signatories) for side in sides]
    rows = [
        " | ".join(_signatory(c[i], language) if i < len(c) else " " for c in columns)
        for i in range(max((len(c) for c in columns), default=0))
    ]
    head = " | ".join(headings[: len(columns)])
    rule = " | ".join(":---" for _ in columns)
    return "\n".join(f"| {line} |" for line in [head, rule, *rows])


def _signatory(person: Signatory, language: Language) -> str:
    name, function, organisation = (
        _escaped(value, language) for value in (person.name, person.function, person.organisation)
    )
    return f"**{name}**, {function}, {organisation}"


def _escaped(value: str, language: Language) -> str:
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", typeset(" ".join(str(value).split()), language))

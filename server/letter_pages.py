"""The letters of an interpellation: each addressee's letter as PDF, DOCX or ODT.

Thin: parse, ask the domain for the letter (`letters.content`), render it
(`letters.rendering`, pandoc and Typst, in a worker thread), answer the file. Before
issuing it is a preview (a text not approved comes as a draft, marked "PROJET /
ONTWERP", unsigned); once issued, the PDF in the letter's language is the one
archived, byte for byte, and every other file is rendered from the issuing commit
(the directory of that day), with its reference and date. The API fetches the same
files (`letter_file`), asked with `?format=&lang=`.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.params import FromPath, QueryParameter
from litestar.response import Response

from interpellations.clock import now
from interpellations.errors import NotFound
from interpellations.letters.content import letter_to
from interpellations.letters.rendering import Format, render
from interpellations.reading.issued import as_issued
from interpellations.record.ids import InterpellationId, check_slug
from interpellations.record.model import IssueEvent, Language
from server.service import Service, ServiceDep, SettingsDep

LETTER = "/interpellations/{year:int}/{slug:str}/lettres/{authority:str}/{form:str}"
MEDIA_TYPES = {
    Format.PDF: "application/pdf",
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.ODT: "application/vnd.oasis.opendocument.text",
}


class LetterController(Controller):
    @get(LETTER, name="letter-preview", sync_to_thread=True)
    def preview(
        self,
        service: ServiceDep,
        settings: SettingsDep,
        year: FromPath[int],
        slug: FromPath[str],
        authority: FromPath[str],
        form: FromPath[str],
        lang: Annotated[str, QueryParameter(name="lang")] = "",
    ) -> Response[bytes]:
        """The letter in its own language, or in the other one the text has (`?lang=nl`)."""
        language = _language(lang) if lang else None
        iid = InterpellationId(year, slug)
        return letter_file(service, str(settings.base_url), iid, authority, _format(form), language)


def letter_file(
    service: Service,
    base_url: str,
    iid: InterpellationId,
    authority: str,
    wanted: Format,
    language: Language | None,
) -> Response[bytes]:
    """One letter's file, as an attachment named for the interpellation, addressee and language."""
    dossier, issued = as_issued(service.store, service.index, iid, service.last_loaded(iid))
    letter = letter_to(
        dossier,
        check_slug(authority),
        day=issued.date if issued else now().date(),
        reference=issued.reference if issued else None,
        base_url=(issued and issued.base_url) or base_url,  # as printed on the letters sent
        language=language,
    )
    name = f"{iid.slug}-{authority}.{letter.language.value}.{wanted.value}"
    archived = (
        _archived(service, iid, issued, authority, letter.language)
        if wanted == Format.PDF
        else None
    )
    return Response(
        archived or render(letter, wanted),
        media_type=MEDIA_TYPES[wanted],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _archived(
    service: Service,
    iid: InterpellationId,
    issued: IssueEvent | None,
    authority: str,
    language: Language,
) -> bytes | None:
    """The PDF issued to `authority` in `language`, byte for byte as archived; else None."""
    letters = issued.letters if issued else []
    sent = next((x for x in letters if (x.authority, x.language) == (authority, language)), None)
    return service.store.read(iid.path(sent.file)) if sent else None


def _format(value: str) -> Format:
    try:
        return Format(value)
    except ValueError:
        raise NotFound(what="format") from None


def _language(value: str) -> Language:
    try:
        return Language(value)
    except ValueError:
        raise NotFound(what="letter") from None

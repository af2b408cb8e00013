"""The letters of an interpellation: each addressee's letter as PDF, DOCX or ODT.

Thin: parse, ask the domain for the letter (`letters.content`), render it
(`letters.rendering`, pandoc and Typst, in a worker thread), answer the file. Before
issuing it is a preview (a text not approved comes as a draft, marked "PROJET /
ONTWERP", unsigned); once issued, the PDF is the one archived, byte for byte, and
DOCX and ODT are rendered from the issuing commit (the directory of that day), with
its reference and date.
"""

from __future__ import annotations

from litestar import Controller, get
from litestar.params import FromPath
from litestar.response import Response

from interpellations.clock import now
from interpellations.errors import NotFound
from interpellations.letters.content import letter_to
from interpellations.letters.rendering import Format, render
from interpellations.reading.issued import as_issued
from interpellations.record.ids import InterpellationId, check_slug
from interpellations.record.model import IssueEvent
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
    ) -> Response[bytes]:
        iid = InterpellationId(year, slug)
        wanted = _format(form)
        dossier, issued = as_issued(service.store, service.index, iid, service.last_loaded(iid))
        day = issued.date if issued else now().date()
        letter = letter_to(
            dossier,
            check_slug(authority),
            day=day,
            reference=issued.reference if issued else None,
            base_url=str(settings.base_url),
        )
        name = f"{iid.slug}-{authority}.{letter.language.value}.{wanted.value}"
        archived = _archived(service, iid, issued, authority) if wanted == Format.PDF else None
        return Response(
            archived or render(letter, wanted),
            media_type=MEDIA_TYPES[wanted],
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )


def _archived(
    service: Service, iid: InterpellationId, issued: IssueEvent | None, authority: str
) -> bytes | None:
    """The PDF issued to `authority`, byte for byte as archived; None before issuing."""
    sent = next((x for x in issued.letters if x.authority == authority), None) if issued else None
    return service.store.read(iid.path(sent.file)) if sent else None


def _format(value: str) -> Format:
    try:
        return Format(value)
    except ValueError:
        raise NotFound(what="format") from None

"""The letters of an interpellation, previewed: each addressee's letter as PDF, DOCX or ODT.

Thin: parse, ask the domain for the letter as it would read today (`letters.content`),
render it (`letters.rendering`, pandoc and Typst, in a worker thread), answer the
file. A text not approved comes as a draft, marked "PROJET / ONTWERP", unsigned.
"""

from __future__ import annotations

from litestar import Controller, get
from litestar.params import FromPath
from litestar.response import Response

from interpellations.clock import now
from interpellations.errors import NotFound
from interpellations.letters.content import preview_letter
from interpellations.letters.rendering import Format, render
from interpellations.reading.dossier import read_dossier
from interpellations.record.ids import InterpellationId, check_slug
from server.service import ServiceDep, SettingsDep

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
        dossier = read_dossier(service.store, iid, service.last_loaded(iid))
        letter = preview_letter(
            dossier, check_slug(authority), now().date(), str(settings.base_url)
        )
        name = f"{iid.slug}-{authority}.{letter.language.value}.{wanted.value}"
        return Response(
            render(letter, wanted),
            media_type=MEDIA_TYPES[wanted],
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )


def _format(value: str) -> Format:
    try:
        return Format(value)
    except ValueError:
        raise NotFound(what="format") from None

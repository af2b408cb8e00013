"""The letters in the API: which letters an interpellation has, and where to fetch each.

One letter per addressee, in its language. Before issuing they are previews; once
issued, the answer carries the reference, the date and each PDF's SHA-256, and the
PDF in the letter's language serves the archived file. Each file is fetched with
`GET …/letters/{authority}?format=pdf|docx|odt&lang=fr|nl`, rendered as the pages
render it (`server.letter_pages.letter_file`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import Controller, get
from litestar.params import FromPath, QueryParameter
from litestar.response import Response
from pydantic import BaseModel, Field

from interpellations.letters.content import addressed, letter_language
from interpellations.letters.rendering import Format
from interpellations.reading.dossier import Dossier
from interpellations.reading.issued import as_issued
from interpellations.record.ids import InterpellationId
from interpellations.record.model import Authority, Language
from server.letter_pages import letter_file
from server.problem_details import problem_responses
from server.service import ServiceDep, SettingsDep


class LetterOut(BaseModel):
    authority: str = Field(description="The addressee's id in the authority directory.")
    title: str
    language: Language = Field(description="The letter's: the authority's, if the text has it.")
    languages: list[Language] = Field(
        description="The languages it can be fetched in (`lang=`): those of the text."
    )
    sha256: str | None = Field(description="The archived PDF's, once issued.")
    files: dict[Format, str] = Field(description="Where each format is fetched, in its language.")


class LettersOut(BaseModel):
    interpellation: str
    issued: bool
    reference: str | None = Field(examples=["CSH/2026/007"])
    date: dt.date | None = Field(description="The date of issue.")
    letters: list[LetterOut]


class LettersController(Controller):
    path = "/interpellations"
    tags = ["letters"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get(
        "/{year:int}/{slug:str}/letters",
        operation_id="listLetters",
        sync_to_thread=True,
        summary="The letters of one interpellation, one per addressee, and their files",
        responses=problem_responses(400, 401, 404),
    )
    def letters(self, service: ServiceDep, year: FromPath[int], slug: FromPath[str]) -> LettersOut:
        iid = InterpellationId(year, slug)
        dossier, issued = as_issued(service.store, service.index, iid, service.last_loaded(iid))
        digests = {x.authority: x.sha256 for x in issued.letters} if issued else {}
        return LettersOut(
            interpellation=str(iid),
            issued=issued is not None,
            reference=issued.reference if issued else None,
            date=issued.date if issued else None,
            letters=[_letter(iid, dossier, a, digests.get(a.id)) for a in addressed(dossier)],
        )

    @get(
        "/{year:int}/{slug:str}/letters/{authority:str}",
        operation_id="fetchLetter",
        sync_to_thread=True,
        summary="One addressee's letter as a file: PDF, DOCX or ODT, in French or Dutch",
        description="Once issued, the PDF in the letter's own language is the archived file, "
        "byte for byte (its SHA-256 is in the list); the other files are rendered from the "
        "issuing commit, with the reference and date of issue. Before, a preview.",
        media_type="application/octet-stream",
        responses=problem_responses(400, 401, 404, 500),
    )
    def letter(
        self,
        service: ServiceDep,
        settings: SettingsDep,
        year: FromPath[int],
        slug: FromPath[str],
        authority: FromPath[str],
        form: Annotated[Format, QueryParameter(name="format")] = Format.PDF,
        lang: Annotated[Language | None, QueryParameter(name="lang")] = None,
    ) -> Response[bytes]:
        iid = InterpellationId(year, slug)
        return letter_file(service, str(settings.base_url), iid, authority, form, lang)


def _letter(
    iid: InterpellationId, dossier: Dossier, authority: Authority, sha256: str | None
) -> LetterOut:
    own = letter_language(dossier.read.texts, authority)
    address = f"/api/interpellations/{iid}/letters/{authority.id}"
    return LetterOut(
        authority=authority.id,
        title=authority.title.get(own),
        language=own,
        languages=dossier.languages,
        sha256=sha256,
        files={form: f"{address}?format={form.value}&lang={own.value}" for form in Format},
    )

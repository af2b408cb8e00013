"""The letters in the API: which letters an interpellation has, and where to fetch each.

One letter per addressee, in its language. Before issuing they are previews; once
issued, the answer carries the reference, the date and each PDF's SHA-256, and the
PDF link serves the archived file. The files themselves are fetched from the pages'
addresses (`server.letter_pages`), with the same session or bearer token.
"""

from __future__ import annotations

import datetime as dt

from litestar import Controller, get
from litestar.params import FromPath
from pydantic import BaseModel, Field

from interpellations.letters.content import addressed, letter_language
from interpellations.letters.rendering import Format
from interpellations.reading.issued import as_issued
from interpellations.record.ids import InterpellationId
from interpellations.record.model import Language
from server.problem_details import problem_responses
from server.service import ServiceDep


class LetterOut(BaseModel):
    authority: str = Field(description="The addressee's id in the authority directory.")
    title: str
    language: Language = Field(description="The letter's: the authority's, if the text has it.")
    sha256: str | None = Field(description="The archived PDF's, once issued.")
    files: dict[Format, str] = Field(description="Where each format is fetched.")


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
            letters=[
                LetterOut(
                    authority=a.id,
                    title=a.title.get(letter_language(dossier.read.texts, a)),
                    language=letter_language(dossier.read.texts, a),
                    sha256=digests.get(a.id),
                    files={
                        form: f"/interpellations/{iid}/lettres/{a.id}/{form.value}"
                        for form in Format
                    },
                )
                for a in addressed(dossier)
            ],
        )

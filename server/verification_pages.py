"""The verification page: anyone holding a letter checks it by the text id printed on it.

`/verifier/{text_id}` in French, `/verifieren/{text_id}` in Dutch; HTML, or JSON for a
client that asks for it (`Accept: application/json`). Public: no login, and nothing
in it names an e-mail address. Only an issued text answers (`reading.verification`).
"""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Response, Template

from interpellations.reading.verification import Verification, verify
from interpellations.record.model import Language
from server.auth import PUBLIC
from server.language import current_language
from server.page_contexts.interpellation_page import text_views
from server.service import ServiceDep


class VerificationController(Controller):
    opt = PUBLIC

    @get("/verifier/{text_id:str}", name="verify")
    async def in_french(
        self, request: Request[Any, Any, Any], service: ServiceDep, text_id: FromPath[str]
    ) -> Template | Response[dict[str, Any]]:
        return await _answer(request, service, text_id, Language.FR)

    @get("/verifieren/{text_id:str}", name="verify-nl")
    async def in_dutch(
        self, request: Request[Any, Any, Any], service: ServiceDep, text_id: FromPath[str]
    ) -> Template | Response[dict[str, Any]]:
        return await _answer(request, service, text_id, Language.NL)


async def _answer(
    request: Request[Any, Any, Any], service: ServiceDep, text_id: str, language: Language
) -> Template | Response[dict[str, Any]]:
    current_language.set(language)  # the address says which language, whoever asks
    found = await to_thread.run_sync(
        verify, service.store, service.index, text_id.lower(), language
    )
    if "application/json" in request.headers.get("accept", ""):
        return Response(as_json(found, language))
    title, title_language = found.title_in(language)
    page = {
        "found": found,
        "title": title,
        "title_language": title_language.value,
        "id": str(found.interpellation),
        "texts": text_views(found.texts, []),
    }
    return Template("verification.html", context={"page": page})


def _title(found: Verification, authority: str, language: Language) -> str:
    known = found.authorities.get(authority)
    return known.title.get(language) if known else authority


def as_json(found: Verification, language: Language) -> dict[str, Any]:
    issue = found.issue
    return {
        "interpellation": str(found.interpellation),
        "text_id": found.text_id,
        "title": found.title_in(language)[0],
        "approved_at": found.approved_at.isoformat(),
        "signatories": [
            {
                "name": s.name,
                "function": s.function,
                "organisation": s.organisation,
                "side": s.side.value,
                "signed_at": s.signed_at.isoformat(),
            }
            for s in found.signatories
        ],
        "reference": issue.reference,
        "issued_on": issue.date.isoformat(),
        "letters": [
            {
                "authority": letter.authority,
                "title": a.title.get(language)
                if (a := found.authorities.get(letter.authority))
                else "",
                "language": letter.language.value,
                "sha256": letter.sha256,
            }
            for letter in issue.letters
        ],
    }

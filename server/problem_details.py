"""Errors of the JSON API as problem details (RFC 9457), worded in French and Dutch.

Every error under `/api` is an `application/problem+json` body: the HTTP `status`
and its `title`, a stable machine-readable `code` (the domain's refusal code, or
one of `SENTENCES` below), and a `detail` sentence in the request's language
(`Accept-Language`: Dutch when preferred, French otherwise) beside both
languages in `detail_fr` and `detail_nl`. Domain errors keep the HTTP status
the pages give them (`server.error_pages.status_of`). Pages keep their HTML error
pages: `client_error` answers a problem only for paths under `/api`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any, Literal

from litestar import Request, Response
from litestar.exceptions import (
    ClientException,
    HTTPException,
    MethodNotAllowedException,
    NotAuthorizedException,
    NotFoundException,
)
from litestar.openapi.datastructures import ResponseSpec
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap
from pydantic import BaseModel, Field

from interpellations.errors import DomainError, EditConflict
from interpellations.errors import NotFound as DomainNotFound
from interpellations.record.document import text_language
from interpellations.record.model import Language
from interpellations.text.merging import merge_regions
from interpellations.wording.sentences import describe_error
from interpellations.wording.translation import N_, translate
from server.auth import API_PREFIX, ENROLMENT_NEEDED
from server.error_pages import http_error_page, status_of

PROBLEM_JSON = "application/problem+json"
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="api"'}
NOT_FOUND = DomainNotFound()
log = logging.getLogger(__name__)

SENTENCES = {
    "login_required": N_(
        "Connexion requise : envoyez le jeton reçu de POST /api/session dans l'en-tête "
        "Authorization (Bearer). Un jeton expiré ou fermé ne vaut plus."
    ),
    "wrong_password": N_("Adresse e-mail ou mot de passe incorrect."),
    "second_factor_required": N_(
        "Ce compte est protégé par une application d'authentification : envoyez aussi le code "
        "à six chiffres qu'elle affiche (champ « code » à la connexion, en-tête "
        "X-Second-Factor-Code pour signer, objecter ou décider après 15 minutes)."
    ),
    "wrong_code": N_("Ce code n'est pas valable (ou a déjà servi) : essayez le code suivant."),
    "second_factor_enrolment": N_(
        "La coordination demande une application d'authentification pour votre rôle : "
        "configurez-la d'abord dans votre profil, dans le navigateur."
    ),
    "slow_down": N_("Trop de tentatives : réessayez dans %(wait)s secondes."),
    "invalid_request": N_("La requête contient une valeur non valable : %(fields)s."),
    "method_not_allowed": N_("Cette opération n'existe pas à cette adresse."),
    "coordinators_only": N_("Cette opération est réservée aux personnes coordinatrices."),
    "error": N_("Une erreur s'est produite"),
}


class InvalidParam(BaseModel):
    """One value of the request that was refused."""

    name: str = Field(description="The parameter or body field.")
    source: str | None = Field(default=None, description="query, path, header or body")
    message: str


class Region(BaseModel):
    """A stretch of a merge: the same on both sides, changed by one, or by both (`conflict`)."""

    kind: Literal["same", "mine", "theirs", "conflict"]
    base: str
    mine: str
    theirs: str


class ConflictFile(BaseModel):
    """One language whose text both writers changed in the same places."""

    language: Language
    base: str = Field(description="The text at the writer's base version.")
    mine: str = Field(description="The writer's text, as sent.")
    theirs: str = Field(description="The text saved meanwhile (at `head`).")
    regions: list[Region]


class Problem(BaseModel):
    """An error (RFC 9457 problem details), worded in the request's language and in both."""

    type: str = Field(
        default="about:blank",
        description="Always `about:blank`: `code` says which problem it is.",
    )
    title: str = Field(description="The HTTP status phrase.", examples=["Not Found"])
    status: int = Field(ge=400, le=599, examples=[404])
    detail: str = Field(description="What went wrong, in the request's language.")
    code: str = Field(
        description="A stable code: the domain's refusal code (`not_found`, `not_allowed`…) "
        "or one of the API's (`login_required`, `wrong_password`, `slow_down`, "
        "`invalid_request`, `method_not_allowed`, `error`).",
        examples=["not_found"],
    )
    detail_fr: str = Field(description="`detail` in French.")
    detail_nl: str = Field(description="`detail` in Dutch.")
    instance: str | None = Field(default=None, description="The path that was asked for.")
    errors: list[InvalidParam] | None = Field(
        default=None, description="With `invalid_request`: each value refused."
    )
    reason: str | None = Field(
        default=None,
        description="With `not_allowed`: the rule that refused the act (`stale_text`, "
        "`wrong_side`, `not_on_committee`, `quorum_not_present`…).",
    )
    head: str | None = Field(
        default=None, description="With `edit_conflict`: the version the texts were saved at."
    )
    files: list[ConflictFile] | None = Field(
        default=None,
        description="With `edit_conflict`: each language changed on both sides, region by "
        "region; nothing was saved, and `mine` is the text as sent.",
    )


class Refusal(HTTPException):
    """An API refusal with its code and the parameters of its sentence (see `SENTENCES`)."""

    def __init__(
        self,
        status: int,
        code: str,
        headers: Mapping[str, str] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(status_code=status, detail=code, headers=dict(headers or {}))
        self.code = code
        self.params = params


def problem_responses(*statuses: int) -> dict[int, ResponseSpec]:
    """The OpenAPI description of the problems an operation may answer."""
    return {
        status: ResponseSpec(
            data_container=Problem,
            media_type=PROBLEM_JSON,
            description=HTTPStatus(status).phrase
            + (" (the `Retry-After` header says when to try again)" if status == 429 else ""),
            generate_examples=False,
        )
        for status in statuses
    }


def accepted_language(request: Request[Any, Any, Any]) -> Language:
    """Dutch when `Accept-Language` prefers it to French, French otherwise."""
    best, best_weight = Language.FR, 0.0
    for part in request.headers.get("accept-language", "").split(","):
        tag, _, parameters = part.partition(";")
        primary = tag.strip().lower().split("-")[0]
        weight = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip() == "q":
            try:
                weight = float(value)
            except ValueError:
                weight = 0.0
        if primary in (Language.FR.value, Language.NL.value) and weight > best_weight:
            best, best_weight = Language(primary), weight
    return best


def _sentence(code: str, params: Mapping[str, Any]) -> Callable[[Language], str]:
    def word(language: Language) -> str:
        text = translate(SENTENCES.get(code, SENTENCES["error"]), language)
        try:
            return text % dict(params) if params else text
        except (KeyError, TypeError, ValueError):
            return text

    return word


def problem_response(
    request: Request[Any, Any, Any],
    status: int,
    code: str,
    word: Callable[[Language], str],
    *,
    headers: Mapping[str, str] | None = None,
    errors: list[InvalidParam] | None = None,
    reason: str | None = None,
    conflict: EditConflict | None = None,
) -> Response[dict[str, Any]]:
    french, dutch = word(Language.FR), word(Language.NL)
    body = Problem(
        title=HTTPStatus(status).phrase,
        status=status,
        detail=dutch if accepted_language(request) == Language.NL else french,
        code=code,
        detail_fr=french,
        detail_nl=dutch,
        instance=request.url.path,
        errors=errors,
        reason=reason,
        head=conflict.head if conflict else None,
        files=conflict_files(conflict) if conflict else None,
    )
    return Response(
        body.model_dump(mode="json", exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=dict(headers or {}),
    )


def conflict_files(conflict: EditConflict) -> list[ConflictFile]:
    """The conflicting texts, with the regions of their merge."""
    files = []
    for text in conflict.files:
        language = text_language(text.path.rpartition("/")[2]) or Language.FR
        regions = [
            Region(kind=r.kind, base=r.base, mine=r.mine, theirs=r.theirs)
            for r in merge_regions(text.base, text.mine, text.theirs)
        ]
        files.append(
            ConflictFile(
                language=language,
                base=text.base,
                mine=text.mine,
                theirs=text.theirs,
                regions=regions,
            )
        )
    return files


def _invalid_params(request: Request[Any, Any, Any], extra: Any) -> list[InvalidParam]:
    items = extra if isinstance(extra, list) else [extra] if isinstance(extra, dict) else []
    return [
        InvalidParam(
            name=_public_name(request, str(item.get("key", ""))),
            source=str(getattr(item["source"], "value", item["source"]))
            if item.get("source")
            else None,
            message=str(item.get("message", "")),
        )
        for item in items
        if isinstance(item, dict)
    ]


def _public_name(request: Request[Any, Any, Any], key: str) -> str:
    """The name a client gives a parameter (`state`), not the handler's (`wanted_state`)."""
    handler = request.scope.get("route_handler")
    field = handler.parsed_fn_signature.parameters.get(key) if handler is not None else None
    return getattr(getattr(field, "kwarg_definition", None), "name", None) or key


def api_problem(request: Request[Any, Any, Any], error: Exception) -> Response[dict[str, Any]]:
    """Any error raised while answering under `/api`, as a problem."""
    if isinstance(error, DomainError):
        reason = error.params.get("reason")
        return problem_response(
            request,
            status_of(error),
            error.code,
            lambda lang: describe_error(error, lang),
            reason=reason if isinstance(reason, str) else None,
            conflict=error if isinstance(error, EditConflict) else None,
        )
    if isinstance(error, NotFoundException):  # no route: worded like the domain's `not_found`
        return problem_response(
            request, 404, "not_found", lambda lang: describe_error(NOT_FOUND, lang)
        )
    if not isinstance(error, HTTPException):
        log.error("API error on %s", request.url.path, exc_info=error)
        return problem_response(request, 500, "error", _sentence("error", {}))
    code = _code(error)
    headers = dict(error.headers or {})
    params: Mapping[str, Any] = error.params if isinstance(error, Refusal) else {}
    errors = None
    if code == "login_required":
        headers.update(CHALLENGE)
    elif code == "invalid_request":
        errors = _invalid_params(request, error.extra)
        params = {"fields": ", ".join(dict.fromkeys(e.name for e in errors if e.name)) or "?"}
    word = _sentence(code, params)
    return problem_response(
        request, error.status_code, code, word, headers=headers, errors=errors or None
    )


def _code(error: HTTPException) -> str:
    if isinstance(error, Refusal):
        return error.code
    if isinstance(error, NotAuthorizedException):
        return "second_factor_enrolment" if error.detail == ENROLMENT_NEEDED else "login_required"
    if isinstance(error, MethodNotAllowedException):
        return "method_not_allowed"
    if error.status_code == 403 and error.detail == "coordinators_only":
        return "coordinators_only"
    if error.status_code == 400:  # a bad parameter, a malformed body
        return "invalid_request"
    return "error"


def client_error(request: Request[Any, Any, Any], error: ClientException) -> Response[Any]:
    """The application's handler of client errors: a problem under `/api`, else the HTML page.

    Errors raised before any route is found (an unknown path, a method a path
    does not have) reach only the application's handlers, hence this one.
    """
    if _is_api(request):
        return api_problem(request, error)
    return http_error_page(request, error)


def _is_api(request: Request[Any, Any, Any]) -> bool:
    path = request.url.path
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


# The API router's own handlers: they win over the application's HTML ones for its routes.
API_EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    DomainError: api_problem,
    HTTPException: api_problem,
    ClientException: api_problem,
    NotAuthorizedException: api_problem,
    HTTP_500_INTERNAL_SERVER_ERROR: api_problem,
}

"""Domain errors mapped to HTTP once: an error page in the reader's language."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Redirect, Template
from litestar.utils.scope.state import ScopeState

from interpellations.errors import (
    AlreadyExists,
    AnchorNotUnique,
    DomainError,
    EditConflict,
    InvalidDocument,
    InvalidIdentifier,
    InvalidInput,
    NotAllowed,
    NotFound,
    ReadOnly,
    StaleFile,
    TooLarge,
)
from interpellations.letters.rendering import RenderingFailed
from interpellations.wording.sentences import describe_error
from server.auth import CODE_NEEDED, ENROLMENT_NEEDED, current_account, safe_next
from server.editor_form import carried
from server.language import current_language, request_language

CSRF_FAILED = "CSRF token verification failed"  # Litestar's CSRF middleware's detail
# the fields of a form a person types
WRITTEN = ("quote", "body", "reason", "title_fr", "body_fr", "title_nl", "body_nl")

STATUS = {
    NotFound: 404,
    InvalidIdentifier: 404,  # a malformed id is reported like an absent one: nothing to probe
    NotAllowed: 403,
    AlreadyExists: 409,
    AnchorNotUnique: 409,  # the quoted words are not (once) in the text as it stands
    EditConflict: 409,
    StaleFile: 409,
    InvalidDocument: 422,
    InvalidInput: 422,
    TooLarge: 413,
    ReadOnly: 503,
    RenderingFailed: 500,  # pandoc or Typst refused: the service's fault, not the reader's
}


def status_of(error: DomainError) -> int:
    return next((code for kind, code in STATUS.items() if isinstance(error, kind)), 400)


def failure_of(error: DomainError) -> dict[str, Any]:
    """A refusal for a form: its sentence in the reader's language, and the record's problems
    (file, line) it lists, if any."""
    problems = error.params.get("problems")
    return {
        "message": describe_error(error, current_language.get()),
        "problems": list(problems) if isinstance(problems, list) else [],
    }


def domain_error_page(request: Request[Any, Any, Any], error: DomainError) -> Response[Any]:
    status = status_of(error)
    message = describe_error(error, current_language.get())
    return Template(
        "errors/error.html",
        context={"status": status, "message": message, "expired_form": False, "written": []},
        status_code=status,
    )


def written(request: Request[Any, Any, Any]) -> list[str]:
    """What the person typed in the form that was refused before its handler ran.

    The anti-forgery check has already read the form (and kept it in the scope), so
    a refused post can still show the person their words.
    """
    form = ScopeState.from_scope(request.scope).form
    if not isinstance(form, dict):
        return []
    values = [form.get(name) for name in WRITTEN]
    return [v for v in values if isinstance(v, str) and v.strip()]


def http_error_page(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    # an address no route matches never went through the middleware: the reader's language
    current_language.set(request_language(request, current_account(request)))
    expired = error.status_code == 403 and error.detail == CSRF_FAILED
    return Template(
        "errors/error.html",
        context={
            "status": error.status_code,
            "message": None,
            "expired_form": expired,
            "written": written(request) if expired else [],
        },
        status_code=error.status_code,
    )


def login_redirect(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    """Not logged in: pages go to the login form and come back; the API answers 401."""
    if request.url.path.startswith("/api"):
        return Response(
            {"status": 401, "title": "Unauthorized", "detail": error.detail},
            status_code=401,
            media_type="application/problem+json",
        )
    ended = error.detail not in (CODE_NEEDED, ENROLMENT_NEEDED)
    if request.method == "POST" and ended:  # a form sent after the session ended: keep its words
        back = safe_next(urlsplit(request.headers.get("referer", "")).path)
        return Template(
            "auth/login.html",
            context={
                "form": {
                    "email": "",
                    "next": back,
                    "kept": carried(ScopeState.from_scope(request.scope).form, request.url.path),
                },
                "error": "session_expired",
                "wait": 0,
                "written": written(request),
            },
            status_code=401,
        )
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if error.detail == CODE_NEEDED:
        return Redirect(f"/connexion/code?next={quote(target, safe='')}", status_code=303)
    if error.detail == ENROLMENT_NEEDED:
        return Redirect("/profil/second-facteur", status_code=303)
    return Redirect(f"/connexion?next={quote(target, safe='')}", status_code=303)

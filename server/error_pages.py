"""Domain errors mapped to HTTP once: an error page in the reader's language."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Redirect, Template

from interpellations.errors import (
    AlreadyExists,
    DomainError,
    EditConflict,
    InvalidDocument,
    InvalidIdentifier,
    InvalidInput,
    NotAllowed,
    NotFound,
    ReadOnly,
)
from interpellations.wording.sentences import describe_error
from server.language import current_language

STATUS = {
    NotFound: 404,
    InvalidIdentifier: 404,  # a malformed id is reported like an absent one: nothing to probe
    NotAllowed: 403,
    AlreadyExists: 409,
    EditConflict: 409,
    InvalidDocument: 422,
    InvalidInput: 422,
    ReadOnly: 503,
}


def status_of(error: DomainError) -> int:
    return next((code for kind, code in STATUS.items() if isinstance(error, kind)), 400)


def domain_error_page(request: Request[Any, Any, Any], error: DomainError) -> Response[Any]:
    status = status_of(error)
    message = describe_error(error, current_language.get())
    return Template(
        "errors/error.html", context={"status": status, "message": message}, status_code=status
    )


def http_error_page(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    return Template(
        "errors/error.html",
        context={"status": error.status_code, "message": None},
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
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return Redirect(f"/connexion?next={quote(target, safe='')}", status_code=303)

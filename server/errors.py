"""Domain errors mapped to HTTP once: an error page in the reader's language."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Template

from interpellations.errors import (
    AlreadyExists,
    DomainError,
    EditConflict,
    InvalidDocument,
    InvalidIdentifier,
    NotAllowed,
    NotFound,
    ReadOnly,
)
from interpellations.messages import describe_error
from server.i18n import current_language

STATUS = {
    NotFound: 404,
    InvalidIdentifier: 404,  # a malformed id is reported like an absent one: nothing to probe
    NotAllowed: 403,
    AlreadyExists: 409,
    EditConflict: 409,
    InvalidDocument: 422,
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

"""The JSON API under `/api`, described by the OpenAPI document at `/schema`.

Clients log in with `POST /api/session` and send `Authorization: Bearer <token>`
(no CSRF token: a browser never adds that header by itself). Errors are
problem details (`server.problem_details`).
"""

from __future__ import annotations

from litestar import Router

from server.api.act_routes import ActsController
from server.api.admin_routes import AdministrationController
from server.api.drafting_routes import DraftingController
from server.api.interpellation_routes import InterpellationsController
from server.api.letter_routes import LettersController
from server.api.session import SessionController
from server.auth import API_PREFIX
from server.problem_details import API_EXCEPTION_HANDLERS


def api_router() -> Router:
    """The `/api` routes, with their own error handlers (problems, not HTML pages)."""
    return Router(
        path=API_PREFIX,
        route_handlers=[
            SessionController,
            InterpellationsController,
            LettersController,
            DraftingController,
            ActsController,
            AdministrationController,
        ],
        exception_handlers=API_EXCEPTION_HANDLERS,
    )


__all__ = ["api_router"]

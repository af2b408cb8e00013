"""The application factory: `create_app(settings)`, no side effect at import."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from anyio import to_thread
from litestar import Litestar, Request, get
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.datastructures import Cookie, ResponseHeader
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig

from interpellations.errors import DomainError
from server.errors import domain_error_page, http_error_page
from server.i18n import LANGUAGE_COOKIE, current_language, page_environment, request_language
from server.pages import ReadingController
from server.service import Service, start_service
from server.settings import Settings

STATIC = Path(__file__).resolve().parent.parent / "static"
ONE_YEAR = 365 * 24 * 3600
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@get("/langue/{code:str}", name="language")
async def switch_language(code: FromPath[str], next: FromQuery[str] = "/") -> Redirect:  # noqa: A002
    """Remember the language chosen with the switch and go back to the page."""
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    chosen = "nl" if code == "nl" else "fr"
    cookie = Cookie(
        key=LANGUAGE_COOKIE, value=chosen, path="/", max_age=ONE_YEAR, samesite="lax", httponly=True
    )
    return Redirect(target, cookies=[cookie])


@get("/healthz", name="healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


def create_app(settings: Settings) -> Litestar:
    """Build the service for one data repository."""
    holder: dict[str, Service] = {}

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        holder["service"] = start_service(settings.data, settings.index_path)
        try:
            yield
        finally:
            holder.pop("service").close()

    def provide_service() -> Service:
        return holder["service"]

    async def before_request(request: Request[Any, Any, Any]) -> None:
        current_language.set(request_language(request))
        service = holder.get("service")
        if service is not None and service.behind():
            await to_thread.run_sync(service.refresh)

    env = page_environment()
    env.globals["service"] = lambda: holder.get("service")
    return Litestar(
        route_handlers=[
            ReadingController,
            switch_language,
            healthz,
            create_static_files_router(path="/static", directories=[STATIC], name="static"),
        ],
        dependencies={"service": Provide(provide_service, sync_to_thread=False)},
        template_config=TemplateConfig(instance=JinjaTemplateEngine.from_environment(env)),
        lifespan=[lifespan],
        before_request=before_request,
        exception_handlers={DomainError: domain_error_page, HTTPException: http_error_page},
        response_headers=[ResponseHeader(name=k, value=v) for k, v in SECURITY_HEADERS.items()],
        request_max_body_size=2 * 1024 * 1024,
    )


def app_from_environment() -> Litestar:
    """The factory the server process calls (granian `--factory`)."""
    return create_app(Settings())

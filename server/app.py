"""The application factory: `create_app(settings)`, no side effect at import."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any

from anyio import to_thread
from jinja2 import pass_context
from litestar import Litestar, Request, Response, Router, get
from litestar.config.csrf import CSRFConfig
from litestar.config.response_cache import ResponseCacheConfig
from litestar.di import Provide
from litestar.enums import ScopeType
from litestar.exceptions import ClientException, HTTPException, NotAuthorizedException
from litestar.middleware import ASGIMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.params import FromPath, FromQuery
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig
from litestar.types import ASGIApp, Receive, Scope, Send

from interpellations.clock import now
from interpellations.errors import DomainError
from interpellations.record.model import Language, Role
from interpellations.settings import Settings
from server.act_pages import ActController
from server.administration import AdministrationController
from server.api import api_router
from server.auth import (
    API_PREFIX,
    PUBLIC,
    current_account,
    current_member,
    identify,
    login_required,
    safe_next,
)
from server.backup_pages import BackupController
from server.drafting_pages import DraftingController
from server.error_pages import domain_error_page, http_error_page, login_redirect
from server.health_facts import backup_facts, breakage_facts, mail_facts
from server.invitations import InvitationController
from server.language import current_language, language_cookie, request_language
from server.letter_pages import LetterController
from server.login import LoginController, decide_links_asked
from server.page_cache import BoundedMemoryStore
from server.pages import ReadingController
from server.problem_details import client_error
from server.profile import ProfileController
from server.response_headers import response_headers
from server.service import Backups, Service, ServiceDep, start_service
from server.statement import StatementController
from server.templating import page_environment
from server.verification_pages import VerificationController

STATIC = Path(__file__).resolve().parent.parent / "static"


@get("/langue/{code:str}", name="language", opt=PUBLIC, sync_to_thread=False)
def switch_language(code: FromPath[str], next: FromQuery[str] = "/") -> Redirect:
    """Remember the language chosen with the switch in this browser, and go back.

    A link anyone can make a browser follow: it changes no account (the profile
    page does, with its form); the browser's choice comes before the account's.
    """
    chosen = Language.NL if code == "nl" else Language.FR
    return Redirect(safe_next(next), cookies=[language_cookie(chosen)])


@get("/healthz", name="healthz", opt=PUBLIC)
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


class WhoAndWhich(ASGIMiddleware):
    """Before routing and guards: catch up with the record, find the account and language."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, holder: dict[str, Service]) -> None:
        self.holder = holder

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        request: Request[Any, Any, Any] = Request(scope)
        service = self.holder.get("service")
        account = None
        if service is not None:
            if service.behind():
                await to_thread.run_sync(service.refresh)
            account = await to_thread.run_sync(identify, request, service)
        scope.setdefault("state", {})["account"] = account
        current_language.set(request_language(request, account))
        await next_app(scope, receive, send)


def create_app(settings: Settings) -> Litestar:
    """Build the service for one data repository."""
    holder: dict[str, Service] = {}

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = settings.threads
        service = start_service(
            settings.data,
            settings.index_path,
            settings.accounts_path,
            Backups.of(settings),
            settings.mail(),
        )
        holder["service"] = app.state["service"] = service
        service.outbox.before_sending.append(partial(decide_links_asked, service, settings))
        service.outbox.wake()  # links asked before a restart are decided now
        try:
            yield
        finally:
            holder.pop("service").close()

    def provide_service() -> Service:
        return holder["service"]

    env = page_environment()
    env.globals["service"] = lambda: holder.get("service")
    env.globals["account"] = pass_context(lambda ctx: current_account(ctx["request"]))
    env.globals["is_coordinator"] = pass_context(
        lambda ctx: _is_coordinator(ctx["request"], holder.get("service"))
    )
    return Litestar(
        openapi_config=openapi_config(),
        response_cache_config=ResponseCacheConfig(key_builder=page_cache_key, store="pages"),
        stores={"pages": BoundedMemoryStore(settings.page_cache_bytes)},
        route_handlers=[
            ReadingController,
            LetterController,
            VerificationController,
            ActController,
            DraftingController,
            AdministrationController,
            BackupController,
            ProfileController,
            LoginController,
            InvitationController,
            StatementController,
            switch_language,
            healthz,
            readyz,
            api_router(),
            create_static_files_router(
                path="/static", directories=[STATIC], name="static", opt=PUBLIC
            ),
        ],
        dependencies={
            "service": Provide(provide_service, sync_to_thread=False),
            "settings": Provide(lambda: settings, sync_to_thread=False),
        },
        guards=[login_required],
        csrf_config=CSRFConfig(
            secret=settings.signing_secret(),
            exclude=[API_PREFIX],
            cookie_secure=settings.secure_cookies,
            cookie_httponly=True,
        ),
        template_config=TemplateConfig(instance=JinjaTemplateEngine.from_environment(env)),
        lifespan=[lifespan],
        middleware=[WhoAndWhich(holder)],
        exception_handlers={
            DomainError: domain_error_page,
            NotAuthorizedException: login_redirect,
            HTTPException: http_error_page,
            ClientException: client_error,  # problem details under /api
        },
        before_send=[response_headers(https=settings.secure_cookies)],
        request_max_body_size=2 * 1024 * 1024,
    )


@get("/readyz", name="readyz", opt=PUBLIC, sync_to_thread=True)
def readyz(request: Request[Any, Any, Any], service: ServiceDep) -> Response[dict[str, Any]]:
    """Ready to serve and write: the record valid, the writer free, the index up to date.

    With what is read-only (file, line, since which version) and how far the backups
    are; a coordinator logged in also reads the sentences, the remote and its errors.
    """
    health = service.health
    checks: dict[str, Any] = {
        "record": "ok" if not health.read_only else "read-only",
        "writer": "ok" if service.store.writer_free() else "busy",
        "index": "ok" if service.index.version == health.version else "behind",
    }
    ready = all(value == "ok" for value in checks.values())
    detailed = _is_coordinator(request, service)
    checks["broken"] = [breakage_facts(b, detailed=detailed) for b in health.breakages]
    checks["backup"] = backup_facts(service, detailed=detailed)
    checks["mail"] = mail_facts(service, detailed=detailed)
    return Response(checks, status_code=200 if ready else 503)


def page_cache_key(request: Request[Any, Any, Any]) -> str:
    """What a cached page depends on: the record's version, the day, who, in which language, where.

    The version changes with every write (and every push), so nobody is shown a
    page older than the record; the day, because who sits for a side (and so what
    counts) is asked of the day; the CSRF cookie, because the page's forms carry
    its token.
    """
    service = request.app.state.get("service")
    head = service.store.head() if service else ""
    account = current_account(request)
    return "|".join(
        [
            head,
            now().date().isoformat(),
            account.email if account else "",
            current_language.get().value,
            request.cookies.get("csrftoken", ""),
            request.url.path,
            request.url.query,
        ]
    )


def openapi_config() -> OpenAPIConfig:
    """The API's description at `/schema/openapi.json`: public, JSON only.

    Only the JSON document: the interactive viewers load scripts from elsewhere,
    which the content security policy forbids.
    """
    return OpenAPIConfig(
        title="Interpellations",
        version="1",
        path="/schema",
        components=Components(
            security_schemes={"bearer": SecurityScheme(type="http", scheme="bearer")}
        ),
        render_plugins=[JsonRenderPlugin()],
        openapi_router=Router(path="/schema", route_handlers=[], opt=PUBLIC),
    )


def _is_coordinator(request: Request[Any, Any, Any], service: Service | None) -> bool:
    member = current_member(request, service) if service else None
    return member is not None and Role.COORDINATOR in member.roles


def app_from_environment() -> Litestar:
    """The factory the server process calls (granian `--factory`)."""
    return create_app(Settings())

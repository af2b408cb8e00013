"""Who is asking: sessions for pages, bearer tokens for the API, and the guards.

Every route needs a logged-in member unless its handler is marked public
(`opt={"public": True}`). Pages use a session cookie (and the CSRF token on
forms); API clients send `Authorization: Bearer <token>` from `POST /api/session`
and are exempt from CSRF, since a browser never adds that header by itself.
A person removed from the record is logged out on their next request.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from interpellations.record.model import Member, Role
from interpellations.settings import Settings
from server.accounts import Account
from server.second_factor import required_of
from server.service import Service
from server.throttle import client_address

log = logging.getLogger(__name__)

SESSION_COOKIE = "session"


def address_of(request: Request[Any, Any, Any], settings: Settings) -> str:
    """Where a request comes from: as the trusted proxy says, else the connection."""
    peer = request.client.host if request.client else ""
    header = settings.client_address_header
    if not header and not _PROXY_WARNED.is_set():
        _warn_if_proxied(request)
    values = request.headers.getall(header, []) if header else []
    return client_address(peer, values, header)


PROXY_HEADERS = ("x-forwarded-for", "x-real-ip", "forwarded")
_PROXY_WARNED = threading.Event()


def _warn_if_proxied(request: Request[Any, Any, Any]) -> None:
    """Say once that a proxy seems to stand in front while no header is trusted.

    Behind it, every client has the proxy's address: the limits per address then
    count everyone together. (The header itself is not used: a client could send it.)
    """
    sent = [name for name in PROXY_HEADERS if name in request.headers]
    if sent:
        _PROXY_WARNED.set()
        log.warning(
            "requests carry %s but INTERPELLATIONS_CLIENT_ADDRESS_HEADER is not set: behind "
            "a reverse proxy every client has the proxy's address, and the login limits per "
            "address count them all together; set it to the header your proxy writes",
            ", ".join(sent),
        )


CODE_NEEDED = "second_factor_code"  # a session waiting for its second-factor code
ENROLMENT_NEEDED = "second_factor_enrolment"  # the coordination requires one, none is set
# Pages a session reaches before its second factor is given or set up
SECOND_FACTOR_PAGES = {"second_factor_pages": True}
API_PREFIX = "/api"
PUBLIC = {"public": True}


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def identify(connection: ASGIConnection[Any, Any, Any, Any], service: Service) -> Account | None:
    """The account of a request: bearer token on the API, session cookie on pages."""
    if connection.url.path.startswith(API_PREFIX):
        token = bearer_token(connection)
    else:
        token = connection.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    account = service.accounts.session(token)
    if account is None or service.record().member(account.email) is None:
        return None
    return account


def current_account(request: Request[Any, Any, Any]) -> Account | None:
    """The logged-in account of this request (set before the handler runs)."""
    account = request.scope.get("state", {}).get("account")
    return account if isinstance(account, Account) else None


def current_email(request: Request[Any, Any, Any]) -> str:
    """The e-mail address of who is logged in ("" for nobody): who an act is by."""
    account = current_account(request)
    return account.email if account else ""


def current_member(request: Request[Any, Any, Any], service: Service) -> Member | None:
    account = current_account(request)
    if account is None:
        return None
    return service.record().member(account.email)


def login_required(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """The guard of every route not marked public; then the second factor's demands.

    A session whose person has an authenticator app reaches only the code page
    until a code is given; a person the coordination requires to set one up
    reaches only the set-up pages until it is done.
    """
    if handler.opt.get("public"):
        return
    account = connection.scope.get("state", {}).get("account")
    if not isinstance(account, Account):
        raise NotAuthorizedException(detail="login_required")
    if handler.opt.get("second_factor_pages"):
        return
    if account.factor and account.proven_at is None:
        raise NotAuthorizedException(detail=CODE_NEEDED)
    service = connection.app.state.get("service")
    if service is None or account.factor:
        return
    record = service.record()
    member = record.member(account.email)
    if member is not None and required_of(record, member):
        raise NotAuthorizedException(detail=ENROLMENT_NEEDED)


def coordinator_required(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Administration is for coordinators."""
    account = connection.scope.get("state", {}).get("account")
    service = connection.app.state.get("service")
    if not isinstance(account, Account) or service is None:
        raise NotAuthorizedException(detail="login_required")
    member = service.record().member(account.email)
    if member is None or Role.COORDINATOR not in member.roles:
        raise PermissionDeniedException(detail="coordinators_only")


def safe_next(target: str | None) -> str:
    """A place to go back to after login: a path of this service, never another site."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"

"""The headers every answer carries, errors and redirects included.

Added as the answer leaves the application (a `before_send` hook), so the router's
own 404 and 405, the error pages and the redirects get them like the pages: the
content security policy, no framing, no sniffing; HSTS once the service is served
over https; and, for a person logged in, `private, no-store`, so that neither the
browser's history nor a proxy on the way keeps a page meant for one person.
"""

from __future__ import annotations

from litestar.datastructures import Headers, MutableScopeHeaders
from litestar.types import BeforeMessageSendHookHandler, Message, Scope

from server.auth import SESSION_COOKIE

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
HSTS = "max-age=31536000; includeSubDomains"
PERSONAL = "private, no-store"


def response_headers(*, https: bool) -> BeforeMessageSendHookHandler:
    """The hook that adds them; `https`: the public address is https (HSTS)."""

    async def add(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        for name, value in SECURITY_HEADERS.items():
            if name not in headers:
                headers[name] = value
        if https:
            headers["Strict-Transport-Security"] = HSTS
        if _personal(scope):
            headers["Cache-Control"] = PERSONAL

    return add


def _personal(scope: Scope) -> bool:
    """A request by someone logged in (a session cookie or a bearer token), not a file."""
    if scope.get("path", "").startswith("/static/"):
        return False
    asked = Headers.from_scope(scope)
    cookies = asked.get("cookie", "")
    carries_session = any(
        part.strip().startswith(f"{SESSION_COOKIE}=") for part in cookies.split(";")
    )
    return carries_session or "authorization" in asked

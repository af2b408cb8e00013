"""The language of a request: French by default, Dutch when asked or chosen.

Chosen with the switch on every page and remembered in a cookie (and, for a
logged-in person, in their account); dates and numbers follow the Belgian
conventions of each language.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from babel import Locale
from litestar import Request
from litestar.datastructures import Cookie

from interpellations.record.model import Language
from server.accounts import Account

LANGUAGE_COOKIE = "langue"
ONE_YEAR = 365 * 24 * 3600
# Parsed once: Babel would parse a locale name again on every date it formats.
LOCALES = {Language.FR: Locale.parse("fr_BE"), Language.NL: Locale.parse("nl_BE")}

current_language: ContextVar[Language] = ContextVar("current_language", default=Language.FR)


def request_language(request: Request[Any, Any, Any], account: Account | None = None) -> Language:
    """Asked in the query (`?lang=nl`), else chosen in this browser (the switch), else the
    person's choice (the profile, kept in a cookie at login), else French: the users are
    French-speaking first."""
    asked = request.query_params.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    if asked is None and account is not None:
        return account.language
    return Language.NL if asked == "nl" else Language.FR


def language_cookie(language: Language) -> Cookie:
    """Remembers the language chosen (the switch, the profile) in this browser for a year."""
    return Cookie(
        key=LANGUAGE_COOKIE,
        value=language.value,
        path="/",
        max_age=ONE_YEAR,
        samesite="lax",
        httponly=True,
    )

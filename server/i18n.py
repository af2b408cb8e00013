"""The language of a request (French by default, Dutch on request) and the page templates.

The language is chosen by the switch on every page and remembered in a cookie;
templates translate through gettext with the catalog of that language, and
dates and numbers follow the Belgian conventions of each language.
"""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from litestar import Request

from interpellations.clock import BRUSSELS
from interpellations.i18n import translations
from interpellations.messages import describe_action, describe_problem, describe_state
from interpellations.model import Language
from interpellations.problems import Problem
from server.accounts import Account

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
LANGUAGE_COOKIE = "langue"
# Parsed once: Babel would parse a locale name again on every date it formats.
LOCALES = {Language.FR: Locale.parse("fr_BE"), Language.NL: Locale.parse("nl_BE")}

current_language: ContextVar[Language] = ContextVar("current_language", default=Language.FR)


def request_language(request: Request[Any, Any, Any], account: Account | None = None) -> Language:
    """Asked in the query (`?lang=nl`), else the person's choice, else the browser's cookie.

    French when nothing says otherwise: the users are French-speaking first.
    """
    asked = request.query_params.get("lang")
    if asked is None and account is not None:
        return account.language
    asked = asked or request.cookies.get(LANGUAGE_COOKIE)
    return Language.NL if asked == "nl" else Language.FR


def _gettext(message: str) -> str:
    return translations(current_language.get()).gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language.get()).ngettext(singular, plural, n)


def _date(value: str | dt.datetime | None, style: str = "medium") -> str:
    if not value:
        return ""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return format_date(moment.astimezone(BRUSSELS), style, locale=LOCALES[current_language.get()])


def _datetime(value: str | dt.datetime | None) -> str:
    if not value:
        return ""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return format_datetime(
        moment.astimezone(BRUSSELS), "medium", locale=LOCALES[current_language.get()]
    )


def _number(value: float) -> str:
    return format_decimal(value, locale=LOCALES[current_language.get()])


def _problem(problem: Problem) -> str:
    return describe_problem(problem, current_language.get())


def _state(state: str) -> str:
    return describe_state(state, current_language.get())


def _action(action: str) -> str:
    return describe_action(action, current_language.get())


def page_environment() -> Environment:
    """The Jinja environment of the pages: autoescaped, strict, translated per request."""
    env = Environment(
        auto_reload=False,  # templates change with a release, not while serving
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        date=_date,
        datetime=_datetime,
        number=_number,
        problem=_problem,
        state_label=_state,
        action_label=_action,
    )
    env.globals["current_language"] = lambda: current_language.get().value
    return env

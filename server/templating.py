"""The Jinja environment of the pages: autoescaped, strict, translated per request.

Templates translate through gettext with the catalog of the request's language
(`server.language`); dates and numbers follow the Belgian conventions of each.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.dates import format_date, format_time, get_datetime_format
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from interpellations.clock import BRUSSELS
from interpellations.record.problems import Problem
from interpellations.wording.labels import describe_action, describe_state
from interpellations.wording.sentences import describe_problem
from interpellations.wording.translation import translations
from server.language import LOCALES, current_language

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _gettext(message: str) -> str:
    return translations(current_language.get()).gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language.get()).ngettext(singular, plural, n)


def _date(value: str | dt.date | dt.datetime | None, style: str = "medium") -> str:
    if not value:
        return ""
    locale = LOCALES[current_language.get()]
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return format_date(value, style, locale=locale)  # a day, as the record gives it
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return format_date(moment.astimezone(BRUSSELS), style, locale=locale)


def _datetime(value: str | dt.datetime | None) -> str:
    if not value:
        return ""
    moment = (dt.datetime.fromisoformat(value) if isinstance(value, str) else value).astimezone(
        BRUSSELS
    )
    # the day as written in the language, the time to the minute (seconds say nothing here)
    locale = LOCALES[current_language.get()]
    pattern = str(get_datetime_format("medium", locale=locale))
    return pattern.format(
        format_time(moment, "short", locale=locale), format_date(moment, "medium", locale=locale)
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

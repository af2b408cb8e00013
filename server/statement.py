"""The accessibility statement (`/accessibilite`), public like the law asks.

The Belgian public-sector model (law of 19 July 2018 and the regional decrees that
transpose directive (EU) 2016/2102): compliance status, how it was assessed, known
limitations, feedback contact and enforcement procedure, date of the statement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_date
from litestar import Controller, get
from litestar.response import Template

from server.auth import PUBLIC
from server.language import LOCALES, current_language

STATEMENT_DATE = dt.date(2026, 11, 25)  # established; change it when the statement changes
# The coordination's address for accessibility feedback; None shows a sentence asking the
# coordination to set one.
CONTACT_EMAIL: str | None = None


@dataclass(frozen=True)
class Statement:
    date: str  # formatted for the reader's language
    date_iso: str
    contact: str | None


class StatementController(Controller):
    opt = PUBLIC  # readable without an account, as every accessibility statement must be

    @get("/accessibilite", name="accessibility")
    async def statement(self) -> Template:
        locale = LOCALES[current_language.get()]
        statement = Statement(
            date=format_date(STATEMENT_DATE, "long", locale=locale),
            date_iso=STATEMENT_DATE.isoformat(),
            contact=CONTACT_EMAIL,
        )
        return Template("accessibility.html", context={"statement": statement})

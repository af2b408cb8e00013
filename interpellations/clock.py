"""Time as the coordination lives it: Europe/Brussels, to the second.

`fixed_time` lets a replay (the demo's history, a test) give actions the date
they happened at, without any action taking a date parameter of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")
_fixed: ContextVar[dt.datetime | None] = ContextVar("fixed_time", default=None)


def now() -> dt.datetime:
    fixed = _fixed.get()
    if fixed is not None:
        return fixed.astimezone(BRUSSELS)
    return dt.datetime.now(BRUSSELS).replace(microsecond=0)


@contextmanager
def fixed_time(moment: dt.datetime) -> Iterator[None]:
    token = _fixed.set(moment)
    try:
        yield
    finally:
        _fixed.reset(token)

"""Translations: French is the source language, Dutch the catalog beside it.

Strings are written in French in the code and the templates; `N_` marks those
kept in tables to be translated when shown. Catalogs are compiled by `make`.
"""

from __future__ import annotations

import gettext
from functools import cache
from gettext import NullTranslations
from pathlib import Path

from interpellations.record.vocabulary import Language

LOCALE_DIR = Path(__file__).parent.parent / "locale"
DOMAIN = "messages"


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a sentence with a number for extraction: its singular and plural forms."""
    return singular, plural


class French(NullTranslations):
    """The source strings as written, with French plurals: zero and one take the singular."""

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n <= 1 else plural


@cache
def translations(language: Language | str) -> NullTranslations:
    """The catalog of a language (French needs none: it is the source)."""
    if language == Language.FR or language == "fr":
        return French()
    # the standard library reads the compiled catalogs as well as babel does, without
    # its import time: the command-line tool translates its help on every call
    return gettext.translation(DOMAIN, LOCALE_DIR, [str(language)], fallback=True)


def translate(message: str, language: Language | str) -> str:
    return translations(language).gettext(message)


def translate_count(forms: tuple[str, str], count: int, language: Language | str) -> str:
    """The form of a sentence for `count` in `language` (its own plural rules)."""
    return translations(language).ngettext(forms[0], forms[1], count)

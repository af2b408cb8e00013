"""The record's closed vocabularies: sides, languages, roles, committee outcomes.

Plain enumerations, apart from the pydantic models of `record.model` that use them,
so that what only needs to name a side or a language (the command-line tool's
options, the catalogs) does not pay for building the models at start-up.
"""

from __future__ import annotations

from enum import StrEnum


class Side(StrEnum):
    """The two sides of the parity; neither may decide alone."""

    CPAS = "cpas"
    ASSOCIATIVE = "associatif"


class Language(StrEnum):
    FR = "fr"
    NL = "nl"


class Role(StrEnum):
    """What a person does in the coordination (committee seat or administration)."""

    MEMBER = "membre"
    SUBSTITUTE = "suppleant"
    PRESIDENT = "president"
    VICE_PRESIDENT = "vice-president"
    COORDINATOR = "coordinateur"


class Outcome(StrEnum):
    """What the committee decides on an objection (DOMAIN.md, objection outcomes)."""

    OVERRULED = "overruled"
    AMENDED = "amended"
    MAINTAINED = "maintained"

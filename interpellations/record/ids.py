"""Identifiers that come from users: checked against an allowlist before they reach git.

A value that fails here never becomes part of a path, a ref or a git argument;
every failure looks the same (`InvalidIdentifier`), so probing reveals nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from interpellations.errors import InvalidIdentifier
from interpellations.record.model import SLUG_MAX, SLUG_RE

VERSION_RE = re.compile(r"^[0-9a-f]{7,40}$")
FULL_VERSION_RE = re.compile(r"^[0-9a-f]{40}$")
YEAR_RE = re.compile(r"^(19|20)[0-9]{2}$")

INTERPELLATIONS_DIR = "interpellations"


def check_slug(value: str) -> str:
    """Return `value` if it is a slug (`a-z`, `0-9`, single hyphens), else refuse it."""
    if len(value) > SLUG_MAX or not SLUG_RE.fullmatch(value):
        raise InvalidIdentifier("slug", value)
    return value


def check_version(value: str) -> str:
    """Return a (possibly abbreviated) hexadecimal commit id, never a ref name or an option."""
    if not VERSION_RE.fullmatch(value):
        raise InvalidIdentifier("version", value)
    return value


@dataclass(frozen=True, order=True)
class InterpellationId:
    """`<year>/<slug>`: the folder of one interpellation, sharded by year of creation."""

    year: int
    slug: str

    @classmethod
    def parse(cls, value: str) -> InterpellationId:
        return _parsed(value)

    def __post_init__(self) -> None:
        if not YEAR_RE.fullmatch(str(self.year)):
            raise InvalidIdentifier("interpellation", f"{self.year}/{self.slug}")
        check_slug(self.slug)

    def __str__(self) -> str:
        return f"{self.year}/{self.slug}"

    @property
    def folder(self) -> str:
        return f"{INTERPELLATIONS_DIR}/{self.year}/{self.slug}"

    def path(self, name: str) -> str:
        return f"{self.folder}/{name}"

    @classmethod
    def from_path(cls, path: str) -> InterpellationId | None:
        """The interpellation a repository path belongs to, if any."""
        parts = path.split("/", 3)
        if len(parts) < 4 or parts[0] != INTERPELLATIONS_DIR:
            return None
        try:
            return _parsed(f"{parts[1]}/{parts[2]}")
        except InvalidIdentifier:
            return None


# The same few thousand ids come back on every commit of a history the index reads:
# each is checked once. A refused value raises and is not kept.
@lru_cache(maxsize=8192)
def _parsed(value: str) -> InterpellationId:
    year, sep, slug = value.partition("/")
    if not sep or not YEAR_RE.fullmatch(year):
        raise InvalidIdentifier("interpellation", value)
    return InterpellationId(int(year), check_slug(slug))

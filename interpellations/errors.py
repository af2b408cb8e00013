"""Domain errors, defined once; the CLI and the web layer turn them into sentences.

Each error carries a stable `code` and its parameters, never a sentence: the
presentation layer (`interpellations.wording.sentences`) words it in French or Dutch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError


class DomainError(Exception):
    """Base of every refusal the domain can give."""

    code: str = "error"

    def __init__(self, **params: Any) -> None:
        super().__init__(self.code, params)
        self.params: Mapping[str, Any] = params


class InvalidIdentifier(DomainError):
    code = "invalid_identifier"

    def __init__(self, kind: str, value: str) -> None:
        super().__init__(kind=kind, value=value[:100])


class NotFound(DomainError):
    code = "not_found"


class AlreadyExists(DomainError):
    code = "already_exists"


class InvalidDocument(DomainError):
    """A text that cannot be parsed (front matter, sections)."""

    code = "invalid_document"


class InvalidInput(DomainError):
    """What the person wrote for an act is empty or too long (`field`, `limit`)."""

    code = "invalid_input"

    @classmethod
    def of(cls, error: ValidationError) -> InvalidInput:
        """The first field pydantic refused, named for the person who wrote it."""
        first = error.errors()[0]
        names = [str(part) for part in first["loc"] if not isinstance(part, int)]
        field = names[-1] if names else ""
        limit = (first.get("ctx") or {}).get("max_length")
        empty = first["type"] in ("missing", "string_too_short", "too_short")
        return cls(field=field, limit=limit, empty=empty, invalid=not (empty or limit))


class AnchorNotUnique(DomainError):
    """The quoted words of a new comment are absent from the section or occur twice."""

    code = "anchor_not_unique"


class NotAllowed(DomainError):
    """The person may not do this (not a member, not in the working group…)."""

    code = "not_allowed"


class ReadOnly(DomainError):
    """The record's own files are invalid: every write is refused until a commit repairs them.

    `problems` (file, line) says why; the service adds since which version.
    """

    code = "read_only"


class InterpellationReadOnly(ReadOnly):
    """One interpellation's files are invalid: its writes are refused until repaired."""

    code = "interpellation_read_only"


class TooLarge(DomainError):
    """A file the act would write is larger than the registre allows (`store.limits`)."""

    code = "too_large"


class StaleFile(DomainError):
    """The file changed since the form was shown: saving it would undo that change."""

    code = "stale_file"


class WriteContention(DomainError):
    """The branch kept moving under the writer (hand commits); nothing was written."""

    code = "write_contention"


@dataclass
class ConflictingText:
    """One file both writers changed in overlapping places."""

    path: str
    base: str
    mine: str
    theirs: str
    merged_with_markers: str


@dataclass
class EditConflict(DomainError):
    """A stale edit overlaps a change saved meanwhile; nothing was committed.

    The writer's own text comes back intact in `files[..].mine`, next to the
    other person's (`theirs`), so nothing typed is lost.
    """

    head: str
    files: list[ConflictingText] = field(default_factory=list)
    code = "edit_conflict"

    def __post_init__(self) -> None:
        DomainError.__init__(self, head=self.head, paths=[f.path for f in self.files])

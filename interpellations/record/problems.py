"""Problems found in the record: a code, its parameters, the file and the line.

`check` lists them; `messages` words them in French or Dutch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

# Incomplete drafts are normal work in progress: reported, never blocking.
WARNINGS = frozenset(
    {
        "missing_section",
        "unknown_section",
        "duplicate_section",
        "proposals_not_numbered",
    }
)


@dataclass(frozen=True)
class Problem:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    file: str = ""
    line: int | None = None

    @property
    def key(self) -> tuple[str, str, int | None, str]:
        """What tells two problems apart (their parameters are unhashable mappings)."""
        return (self.code, self.file, self.line, repr(sorted(self.params.items())))

    @property
    def blocking(self) -> bool:
        """An error of the record (the service will not run on it), not a draft's gap."""
        return self.code not in WARNINGS


def blocking(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.blocking]


def new_problems(after: list[Problem], before: Callable[[], list[Problem]]) -> list[Problem]:
    """The problems of `after` that `before` did not have (asked only if there are any).

    A change is judged by what it breaks: a part broken by hand elsewhere, read-only
    on its own, does not stop a change or a push that leaves it as it was.
    """
    if not after:
        return []
    known = {problem.key for problem in before()}
    return [problem for problem in after if problem.key not in known]


def line_of(data: Any, loc: tuple[int | str, ...]) -> int | None:
    """The 1-based line of a value in a ruamel round-trip document, as deep as `loc` goes.

    A key that is missing has no line of its own: the problem then points at the
    mapping that should hold it, so even "title is missing" says where to look.
    """
    start = getattr(data, "lc", None)
    line: int | None = start.line + 1 if start is not None else None
    node = data
    for key in loc:
        lc = getattr(node, "lc", None)
        try:
            if lc is not None:
                position = lc.item(key) if isinstance(key, int) else lc.key(key)
                line = position[0] + 1
            node = node[key]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line


def problems_from_validation(
    error: ValidationError, data: Any, file: str, line_offset: int = 0
) -> list[Problem]:
    """One problem per pydantic error, with the field's path and its line in the file."""
    problems = []
    for item in error.errors():
        loc = tuple(part for part in item["loc"] if not str(part).startswith("function-"))
        line = line_of(data, loc)
        field_path = ".".join(str(part) for part in loc)
        value = item.get("input")
        params: dict[str, Any] = {"field": field_path, "detail": item["msg"]}
        if isinstance(value, str | int | float):
            params["value"] = str(value)[:80]
        code = _validation_code(item["type"], loc)
        problems.append(
            Problem(code, params, file=file, line=None if line is None else line + line_offset)
        )
    return problems


def _validation_code(kind: str, loc: tuple[int | str, ...]) -> str:
    if kind == "enum" and loc and loc[-1] == "side":
        return "unknown_side"
    return {
        "missing": "field_missing",
        "extra_forbidden": "field_unknown",
        "enum": "value_not_allowed",
        "literal_error": "value_not_allowed",
        "string_pattern_mismatch": "value_malformed",
    }.get(kind, "value_invalid")

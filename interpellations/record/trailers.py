"""What each commit says it was: the action, and the trailers that name what it touched.

The one list of action names (`Action`) serves the rules (`rules.workflow.decide`),
the commits (written here as `Action: sign` trailers by the act pipeline) and the
wording of the history. `Trailers` is the one typed value the pipeline writes and
the index and the history parse back; a commit without an `Action` trailer was
made by hand (a clone and a push) and is shown as such.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from interpellations.errors import InvalidIdentifier
from interpellations.record.ids import FULL_VERSION_RE, InterpellationId
from interpellations.record.model import REFERENCE_PATTERN


class Action(StrEnum):
    """Every act the product records, one commit each (`Action: <value>`)."""

    FOUND = "found"  # the founding commit of a registre
    CREATE = "create"
    EDIT = "edit"
    COMMENT = "comment"
    REPLY = "reply"
    RESOLVE = "resolve"
    SUBMIT = "submit"
    SIGN = "sign"
    UNSIGN = "unsign"
    OBJECT = "object"
    ANSWER = "answer"
    WITHDRAW_OBJECTION = "withdraw-objection"
    DECIDE = "decide"
    WITHDRAW = "withdraw"
    ISSUE = "issue"  # the approved text becomes its letters
    FOLLOW_UP = "follow-up"  # a new interpellation following up issued letters
    ADMINISTER = "administer"  # a change of the coordination's files by a coordinator


# Acts on the record as a whole rather than on one interpellation
RECORD_ACTIONS = frozenset({Action.FOUND, Action.ADMINISTER})
# What the history calls a commit that names no action: one made by hand
MANUAL = "manual"


class Via(StrEnum):
    """Where an act was done: the service's pages, its API, the command-line tool, the demo."""

    WEB = "web"
    CLI = "cli"
    API = "api"
    DEMO = "demo"


ACTION = "Action"
INTERPELLATION = "Interpellation"
TEXT_ID = "Text-Id"
EVENT = "Event"
APPROVAL = "Approval"
REOPENS = "Reopens"
BASE = "Base"
VIA = "Via"
REFERENCE = "Reference"
LETTERS = "Letters"
KEYS = (ACTION, INTERPELLATION, TEXT_ID, EVENT, APPROVAL, REOPENS, BASE, REFERENCE, LETTERS, VIA)

TEXT_ID_RE = re.compile(r"^[0-9a-f]{64}$")
EVENT_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REFERENCE_RE = re.compile(REFERENCE_PATTERN)
_LETTER = r"lettres/[a-z0-9-]+\.(?:fr|nl)\.pdf=[0-9a-f]{64}"
LETTERS_RE = re.compile(rf"^{_LETTER}(?:, {_LETTER})*$")


class InvalidTrailers(ValueError):
    """A commit whose trailers name an action but do not say it the product's way."""


@dataclass(frozen=True)
class Trailers:
    """The trailers of one commit of the product, in the order they are written."""

    action: Action
    interpellation: InterpellationId | None = None
    text_id: str | None = None  # the text after the commit
    event: str | None = None  # the journal event the act appended
    approval: str | None = None  # the approval it completed, if it did
    reopens_approval: bool = False  # an edit of an approved text
    base: str | None = None  # an edit merged onto a newer head: the version it started from
    reference: str | None = None  # issuing: the letters' reference (CSH/2026/007)
    letters: str | None = None  # issuing: each letter's file and SHA-256, `file=sha256, …`
    via: Via | None = None

    def lines(self) -> dict[str, str]:
        """`Key: value` pairs for the commit message, the absent ones left out."""
        values = {
            ACTION: self.action.value,
            INTERPELLATION: str(self.interpellation) if self.interpellation else None,
            TEXT_ID: self.text_id,
            EVENT: self.event,
            APPROVAL: self.approval,
            REOPENS: "approval" if self.reopens_approval else None,
            BASE: self.base,
            REFERENCE: self.reference,
            LETTERS: self.letters,
            VIA: self.via.value if self.via else None,
        }
        return {key: value for key, value in values.items() if value}

    @classmethod
    def parse(cls, trailers: Mapping[str, str]) -> Trailers | None:
        """The trailers of a commit; `None` for a hand commit (no `Action`).

        Raises `InvalidTrailers` when an `Action` is there but something is not
        the product's: an unknown action, a malformed id, an unknown key.
        """
        if ACTION not in trailers:
            return None
        unknown = set(trailers) - set(KEYS)
        if unknown:
            raise InvalidTrailers(f"unknown trailers: {', '.join(sorted(unknown))}")
        try:
            action = Action(trailers[ACTION])
            via = Via(trailers[VIA]) if VIA in trailers else None
            named = trailers.get(INTERPELLATION)
            interpellation = InterpellationId.parse(named) if named else None
        except (ValueError, InvalidIdentifier) as error:
            raise InvalidTrailers(str(error)) from error
        parsed = cls(
            action=action,
            interpellation=interpellation,
            text_id=_checked(trailers.get(TEXT_ID), TEXT_ID_RE),
            event=_checked(trailers.get(EVENT), EVENT_RE),
            approval=_checked(trailers.get(APPROVAL), EVENT_RE),
            reopens_approval=_checked(trailers.get(REOPENS), re.compile("^approval$")) is not None,
            base=_checked(trailers.get(BASE), FULL_VERSION_RE),
            reference=_checked(trailers.get(REFERENCE), REFERENCE_RE),
            letters=_checked(trailers.get(LETTERS), LETTERS_RE),
            via=via,
        )
        if (interpellation is None) != (action in RECORD_ACTIONS):
            raise InvalidTrailers(f"{action.value}: interpellation {named or 'missing'}")
        return parsed


def _checked(value: str | None, pattern: re.Pattern[str]) -> str | None:
    if value is not None and not pattern.fullmatch(value):
        raise InvalidTrailers(f"malformed value: {value[:80]}")
    return value

"""Pydantic models of the files of a data repository.

The files are what a coordinator reads and edits by hand: `coordination.yaml`,
`membres.yaml`, `autorites.yaml`, and per interpellation the front matter of
`texte.<lang>.md` and the events of `journal.yaml`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

# re-exported: the record's models and their vocabularies are imported from here
from interpellations.record.vocabulary import Language as Language
from interpellations.record.vocabulary import Outcome as Outcome
from interpellations.record.vocabulary import Role as Role
from interpellations.record.vocabulary import Side as Side

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
SLUG_MAX = 80

Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
# `<year>/<slug>`: another interpellation, named as its folder is
InterpellationRef = Annotated[
    str, Field(pattern=r"^(19|20)[0-9]{2}/" + SLUG_PATTERN[1:], max_length=SLUG_MAX + 5)
]


class Strict(BaseModel):
    """Refuse unknown keys: a typo in a hand-edited file must not pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(Strict):
    fr: str = Field(min_length=1)
    nl: str = Field(min_length=1)

    def get(self, language: Language | str) -> str:
        return self.nl if language == Language.NL else self.fr

    def values(self) -> tuple[str, str]:
        return self.fr, self.nl


def _lower(value: str) -> str:
    return value.strip().lower()


EMAIL_PATTERN = r"^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$"
Email = Annotated[str, Field(pattern=EMAIL_PATTERN, max_length=254), AfterValidator(_lower)]


Phone = Annotated[str, Field(pattern=r"^\+?[0-9][0-9 ./()-]{5,30}$")]


def _enterprise_check(value: str) -> str:
    """The last two digits are 97 minus the first eight modulo 97: a typo is caught here."""
    digits = value.replace(".", "")
    if 97 - int(digits[:8]) % 97 != int(digits[8:]):
        raise ValueError("enterprise number check digits")
    return value


# the Crossroads Bank for Enterprises' number, as printed: 0123.456.789
EnterpriseNumber = Annotated[
    str,
    Field(pattern=r"^[01][0-9]{3}\.[0-9]{3}\.[0-9]{3}$"),
    AfterValidator(_enterprise_check),
]


class Address(Strict):
    """A postal address, a line each; in Dutch too where its street has a Dutch name."""

    lines: list[str] = Field(min_length=1)
    lines_nl: list[str] | None = Field(default=None, min_length=1)

    def lines_in(self, language: Language) -> list[str]:
        return self.lines_nl if language == Language.NL and self.lines_nl else self.lines


class Theme(Strict):
    id: Slug
    name: Bilingual


class WorkingGroup(Strict):
    id: Slug
    name: Bilingual
    theme: Slug


class Coordination(Strict):
    """`coordination.yaml`: who the coordination is and the rules it set itself."""

    name: Bilingual
    address: Address
    # the letterhead's contact lines, for the authority's answer
    email: Email | None = None
    phone: Phone | None = None
    enterprise_number: EnterpriseNumber | None = None
    place: Bilingual
    reference_prefix: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]{1,11}$")]
    seats_per_side: int = Field(default=4, ge=1, le=20)
    quorum_per_side: int = Field(default=3)
    answer_delay_days: int = Field(default=60, ge=1, le=365)
    # committee members and coordinators must set up an authenticator app
    second_factor_required: bool = False
    themes: list[Theme] = Field(min_length=1)
    working_groups: list[WorkingGroup] = Field(min_length=1)


class Member(Strict):
    """One person of `membres.yaml`: side, roles and mandate."""

    id: Slug
    name: str = Field(min_length=1)
    email: Email
    side: Side
    function: str = Field(min_length=1)
    organisation: str = Field(min_length=1)
    # as a Dutch letter names them, when they differ ("Voorzitter", "OCMW Hoogdal")
    function_nl: str | None = Field(default=None, min_length=1)
    organisation_nl: str | None = Field(default=None, min_length=1)
    language: Language = Language.FR
    roles: list[Role] = Field(default_factory=list)
    mandate_from: dt.date | None = None
    mandate_to: dt.date | None = None
    groups: list[Slug] = Field(default_factory=list)

    def function_in(self, language: Language) -> str:
        if language == Language.NL:
            return self.function_nl or self.function
        return self.function

    def organisation_in(self, language: Language) -> str:
        if language == Language.NL:
            return self.organisation_nl or self.organisation
        return self.organisation

    @model_validator(mode="after")
    def _mandate_in_order(self) -> Member:
        if self.mandate_from and self.mandate_to and self.mandate_to < self.mandate_from:
            raise ValueError("mandate_to before mandate_from")
        return self


class Members(Strict):
    members: list[Member]


class Authority(Strict):
    """One addressee of `autorites.yaml`, with its formulas in each language."""

    id: Slug
    title: Bilingual
    address: Address
    email: Email
    language: Language = Language.FR
    salutation: Bilingual
    closing: Bilingual
    answer_delay_days: int | None = Field(default=None, ge=1, le=365)


class Authorities(Strict):
    authorities: list[Authority]


class FrontMatter(Strict):
    """The head of `texte.<lang>.md`: what the signatories approve besides the text."""

    title: str = Field(min_length=1, max_length=300)
    theme: Slug
    group: Slug
    addressees: list[Slug] = Field(min_length=1)
    copies: list[Slug] = Field(default_factory=list)
    # the titles of the documents sent with the letters ("Annexes : 2", then each)
    annexes: list[Annotated[str, Field(min_length=1, max_length=300)]] = Field(
        default_factory=list, max_length=20
    )
    language: Language = Language.FR
    # the interpellation whose issued letters this one follows up ("Créer un suivi")
    follows: InterpellationRef | None = None


class Anchor(Strict):
    """Where a comment points: the quoted words with a little context around them."""

    version: str = Field(pattern=r"^[0-9a-f]{40}$")
    language: Language = Language.FR
    section: str = Field(min_length=1)
    quote: str = Field(min_length=1, max_length=2000)
    prefix: str = ""
    suffix: str = ""


class EventBase(Strict):
    id: Slug
    at: dt.datetime
    by: Email


class CommentEvent(EventBase):
    kind: Literal["comment"] = "comment"
    body: str = Field(min_length=1, max_length=20000)
    anchor: Anchor | None = None
    reply_to: Slug | None = None


class ResolveEvent(EventBase):
    kind: Literal["resolve"] = "resolve"
    comment: Slug


TEXT_ID_PATTERN = r"^[0-9a-f]{64}$"
TextId = Annotated[str, Field(pattern=TEXT_ID_PATTERN)]
Version = Annotated[str, Field(pattern=r"^[0-9a-f]{40}$")]


class SubmitEvent(EventBase):
    """The working group hands its text to the steering committee."""

    kind: Literal["submit"] = "submit"
    text_id: TextId


class CreateEvent(EventBase):
    kind: Literal["create"] = "create"


class SignEvent(EventBase):
    """A committee member signs one exact text, for their side."""

    kind: Literal["sign"] = "sign"
    text_id: TextId
    side: Side
    version: Version  # the version whose texts were signed: "what changed since I signed"


class UnsignEvent(EventBase):
    """A signer withdraws their signature before approval."""

    kind: Literal["unsign"] = "unsign"
    signature: Slug


class ObjectionEvent(EventBase):
    """A blocking reservation raised by a committee member, with its reason."""

    kind: Literal["object"] = "object"
    text_id: TextId
    reason: str = Field(min_length=1, max_length=20000)
    section: str | None = None


class ObjectionAnswerEvent(EventBase):
    kind: Literal["answer"] = "answer"
    objection: Slug
    body: str = Field(min_length=1, max_length=20000)


class ObjectionWithdrawEvent(EventBase):
    kind: Literal["withdraw-objection"] = "withdraw-objection"
    objection: Slug


class DecisionEvent(EventBase):
    """A committee decision on an objection, with the members present of each side."""

    kind: Literal["decide"] = "decide"
    objection: Slug
    outcome: Outcome
    present: list[Email] = Field(min_length=2)
    text_id: TextId
    note: str = ""


class SideCount(Strict):
    side: Side
    signatures: list[Email]
    quorum: int


class ApprovalEvent(EventBase):
    """Recorded by the act that completes both quorums, with the rule in force then."""

    kind: Literal["approve"] = "approve"
    text_id: TextId
    seats_per_side: int
    sides: list[SideCount]


class WithdrawEvent(EventBase):
    """The interpellation is withdrawn; it stays in the record."""

    kind: Literal["withdraw"] = "withdraw"
    reason: str = Field(min_length=1, max_length=5000)


REFERENCE_PATTERN = r"^[A-Z][A-Z0-9]{1,11}/[0-9]{4}/[0-9]{3,}$"


class IssuedLetter(Strict):
    """One letter issued: to whom, in which language, its archived PDF and its SHA-256."""

    authority: Slug
    language: Language
    file: Annotated[str, Field(pattern=r"^lettres/[a-z0-9-]+\.(fr|nl)\.pdf$")]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class IssueEvent(EventBase):
    """The approved text became its letters: one reference, one date, one letter an addressee."""

    kind: Literal["issue"] = "issue"
    text_id: TextId
    reference: Annotated[str, Field(pattern=REFERENCE_PATTERN)]
    date: dt.date
    letters: list[IssuedLetter] = Field(min_length=1)
    # where the letters' verification links point: a copy rendered later says the same
    base_url: Annotated[str, Field(pattern=r"^https?://[^\s]+$", max_length=200)] | None = None


class FollowUpEvent(EventBase):
    """A follow-up of this issued interpellation was created: the link back to it."""

    kind: Literal["follow-up"] = "follow-up"
    follow_up: InterpellationRef


Event = Annotated[
    CreateEvent
    | CommentEvent
    | ResolveEvent
    | SubmitEvent
    | SignEvent
    | UnsignEvent
    | ObjectionEvent
    | ObjectionAnswerEvent
    | ObjectionWithdrawEvent
    | DecisionEvent
    | ApprovalEvent
    | IssueEvent
    | FollowUpEvent
    | WithdrawEvent,
    Field(discriminator="kind"),
]


class Journal(Strict):
    events: list[Event] = Field(default_factory=list)

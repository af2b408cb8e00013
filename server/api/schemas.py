"""What the JSON API answers: explicit models, so the OpenAPI document says it exactly."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from interpellations.record.document import TEXT_MAX
from interpellations.record.model import Language, Outcome, Side
from interpellations.rules.states import State

SectionKey = Literal["constats", "avis", "propositions"]
ObjectionState = Literal["open", "maintained", "withdrawn", "overruled", "amended"]
PieceOp = Literal["insert", "delete", "equal"]


class Credentials(BaseModel):
    """A member's e-mail address and password."""

    email: str = Field(max_length=254, examples=["thomas.lejeune@cpas-hautvallon.example"])
    password: str = Field(max_length=256)
    code: str | None = Field(
        default=None,
        max_length=20,
        description="The six-digit code of the authenticator app (or a recovery code), "
        "when the account has one.",
    )


class Token(BaseModel):
    """A bearer token, shown once: send it as `Authorization: Bearer <token>`."""

    token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - a scheme, not a secret
    expires_in: int = Field(
        description="Seconds the token stays valid if unused; each use renews it, "
        "up to 90 days after it was issued."
    )


class Person(BaseModel):
    email: str
    name: str


class SideTally(BaseModel):
    """Valid signatures of one side on the current text, against its quorum."""

    side: Side
    signed: int
    quorum: int


class Summary(BaseModel):
    """One interpellation in a list."""

    id: str = Field(examples=["2025/logements-vides"])
    year: int
    slug: str
    title: str
    state: State
    theme: str
    group: str
    languages: list[Language]
    addressees: list[str] = Field(description="Authorities the letter is addressed to.")
    updated_at: dt.datetime | None
    comments: int
    open_objections: int
    signatures: list[SideTally] = Field(
        description="Per side, valid signatures on the current text (empty when unknown)."
    )


class Listing(BaseModel):
    items: list[Summary] = Field(description="Most recently changed first.")
    limit: int
    offset: int
    next_offset: int | None = Field(description="The offset of the next page, if there is one.")


class Section(BaseModel):
    key: SectionKey
    heading: str = Field(description="The heading in the text's language.")
    markdown: str


class FrontMatter(BaseModel):
    title: str
    theme: str
    group: str
    addressees: list[str]
    copies: list[str]


class Text(BaseModel):
    """One language version of the text."""

    language: Language
    front: FrontMatter
    sections: list[Section]
    proposals: list[str] = Field(description="The numbered proposals, one by one.")
    file: str = Field(
        description="The file as stored, front matter first: what `PUT …/text` takes back."
    )


class SideApproval(BaseModel):
    """Where one side stands on the current text."""

    side: Side
    quorum: int
    count: int = Field(description="Valid signatures on the current text.")
    missing: int = Field(description="Signatures still needed to reach the quorum.")
    reached: bool
    as_of: dt.date = Field(
        description="The day the count is for: the approval's once approved, else today's."
    )
    signers: list[Person] = Field(description="Whose signatures count, in signing order.")
    substitutes: list[Person] = Field(description="Among the signers, substitutes.")
    not_signed: list[Person] = Field(
        description="Members sitting today who have not signed (empty once approved)."
    )


class Objection(BaseModel):
    id: str
    by: Person
    at: dt.datetime
    reason: str
    section: SectionKey | None
    status: ObjectionState
    blocking: bool = Field(description="Open or maintained: it blocks the approval.")


class Approval(BaseModel):
    """The parity rule's answer on the current text."""

    text_id: str
    approved: bool = Field(description="An approval is recorded for this exact text.")
    approved_at: dt.datetime | None
    complete: bool = Field(description="Each side's quorum reached and no objection open.")
    sides: list[SideApproval]
    objections: list[Objection]
    explanation: list[str] = Field(
        description="Where approval stands, a sentence a line, in the request's language."
    )


class Interpellation(BaseModel):
    """One interpellation at the head of the record."""

    id: str = Field(examples=["2025/logements-vides"])
    year: int
    slug: str
    title: str
    version: str = Field(description="The version of the record it was read at.")
    text_id: str = Field(description="The identity of the exact text a signature binds to.")
    state: State
    languages: list[Language]
    texts: list[Text] = Field(description="French first.")
    approval: Approval
    follows: str | None = Field(
        default=None, description="The interpellation whose issued letters this one follows up."
    )
    followed_by: list[str] = Field(
        default_factory=list, description="The follow-ups created from its issued letters."
    )
    acts: list[Offer] = Field(
        default_factory=list,
        description="Every act the caller's role can do here: allowed now, or why not.",
    )


class HistoryItem(BaseModel):
    version: str
    author: Person
    date: dt.datetime
    action: str = Field(examples=["edit", "sign"])
    subject: str
    text_id: str | None
    previous: str | None = Field(description="The version before it in this history.")
    text_changed: bool


class History(BaseModel):
    id: str
    items: list[HistoryItem] = Field(description="Newest first.")
    page: int
    pages: int
    limit: int
    total: int


class Piece(BaseModel):
    op: PieceOp
    text: str


class SectionChange(BaseModel):
    key: Literal["front", "constats", "avis", "propositions"]
    heading: str
    changed: bool
    pieces: list[Piece] = Field(description="Word-level pieces, in order.")


class LanguageChange(BaseModel):
    language: Language
    changed: bool
    sections: list[SectionChange]


class Version(BaseModel):
    version: str
    date: dt.datetime
    author: str
    action: str
    subject: str


class Diff(BaseModel):
    id: str
    title: str
    from_version: Version
    to_version: Version
    changed: bool
    languages: list[LanguageChange]


# -- Acts ---------------------------------------------------------------------------

# Something written: not empty, not only spaces (as a constraint the OpenAPI document shows)
Written = Annotated[str, StringConstraints(pattern=r"[^\s\x1c-\x1f]", max_length=20000)]
ShortWritten = Annotated[str, StringConstraints(pattern=r"[^\s\x1c-\x1f]", max_length=5000)]
TEXT_ID = "The full text id (64 hex digits) of the text the person read and acts on."
ActName = Literal[
    "create",
    "edit",
    "comment",
    "reply",
    "resolve",
    "submit",
    "sign",
    "unsign",
    "object",
    "answer",
    "withdraw-objection",
    "decide",
    "withdraw",
    "issue",
    "follow-up",
]


class CommentIn(BaseModel):
    """A comment on the whole text, on a quoted passage, or a reply to a comment."""

    body: Written
    reply_to: Annotated[str, StringConstraints(max_length=100)] = Field(
        default="", description="The comment this one answers (empty: a new thread)."
    )
    quote: Annotated[str, StringConstraints(max_length=2000)] = Field(
        default="",
        description="The words commented on, exactly as in the text (they must occur once); "
        "empty: the whole text.",
    )
    section: SectionKey | None = Field(default=None, description="The section of the quote.")
    language: Language = Field(default=Language.FR, description="The text the quote is in.")
    version: Annotated[str, StringConstraints(pattern=r"^([0-9a-f]{7,40})?$")] = Field(
        default="", description="The version the person read (empty: the head)."
    )


class SignatureIn(BaseModel):
    text_id: str = Field(max_length=100, description=TEXT_ID)
    side: Side | None = Field(
        default=None, description="The side signed for: one's own (the record says which)."
    )


class ObjectionIn(BaseModel):
    text_id: str = Field(max_length=100, description=TEXT_ID)
    reason: Written
    section: SectionKey | None = Field(default=None, description="The section objected to.")


class AnswerIn(BaseModel):
    body: Written


class DecisionIn(BaseModel):
    """The committee's decision on an objection, as recorded by the chair or a coordinator."""

    objection: str = Field(max_length=100, description="The objection decided on.")
    outcome: Outcome
    present: list[str] = Field(
        max_length=50,
        description="E-mail addresses of the members present that day: a quorum of each side.",
    )
    reason: Written


class WithdrawalIn(BaseModel):
    reason: ShortWritten


class IssueIn(BaseModel):
    text_id: str = Field(max_length=100, description=TEXT_ID)


class ActDone(BaseModel):
    """What an act recorded: one commit of the record, by the person who acted."""

    interpellation: str
    action: ActName
    version: str = Field(description="The commit that records the act.")
    event: str | None = Field(description="The journal event it appended.")
    text_id: str
    state: State
    approved: bool = Field(description="Whether this act completed the approval.")


class Offer(BaseModel):
    """An act the caller's role can do on this interpellation: allowed now, or why not."""

    action: ActName
    allowed: bool
    reason: str | None = Field(default=None, description="Why not now, in the request's language.")
    about: str | None = Field(default=None, description="The objection or comment it acts on.")


# -- writing -------------------------------------------------------------------------

SlugText = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
VersionText = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{7,40}$")]
TextFile = Annotated[str, StringConstraints(max_length=TEXT_MAX)]
TEXTS = (
    "Each language's text file as stored (`texte.fr.md`, `texte.nl.md`): YAML front matter "
    "first, then the sections Constats / Avis / Propositions. French is required; a language "
    "left out is not changed."
)


class NewInterpellation(BaseModel):
    """A new interpellation: it opens with the three sections to fill, in French."""

    title: Annotated[str, StringConstraints(pattern=r"[^\s\x1c-\x1f]", max_length=300)]
    theme: SlugText
    group: SlugText = Field(description="The working group that writes it.")
    addressees: list[SlugText] = Field(
        min_length=1, max_length=20, description="Authorities of the directory."
    )
    copies: list[SlugText] = Field(default_factory=list, max_length=20)


class TextsIn(BaseModel):
    """New texts, made from version `base` of the record."""

    base: VersionText = Field(description="The version the writer started from.")
    texts: dict[Language, TextFile] = Field(description=TEXTS)
    message: Annotated[str, StringConstraints(max_length=500)] = Field(
        default="", description="What changed, in a few words (the commit's summary)."
    )
    reopen_approval: bool = Field(
        default=False,
        description="Must be true to save an approved text: the approval is cancelled and its "
        "signatures must be given again.",
    )


class WorkingCopyIn(BaseModel):
    """What the person is writing, kept on the server; never a commit."""

    base: VersionText = Field(description="The version the writer started from.")
    texts: dict[Language, TextFile] = Field(description=TEXTS)
    message: Annotated[str, StringConstraints(max_length=500)] = ""


class WorkingCopyOut(BaseModel):
    interpellation: str
    base: str
    texts: dict[Language, str]
    message: str
    saved_at: dt.datetime

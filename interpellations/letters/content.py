"""What one letter says, gathered from the record at one version.

A letter goes to one authority, in its language when the approved text has a
version in it (else in French). It carries the coordination's letterhead, the
authority's title and address as the record had them that day, the place and
date, the reference, the subject, the authority's own salutation and closing, the
three sections, the signatories of each side (president and vice-president first),
the annexes, the copies, and what lets anyone check it: the text id and the address
of its verification page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_date

from interpellations.errors import NotFound
from interpellations.reading.dossier import Dossier
from interpellations.record.document import HEADINGS, SECTION_KEYS, Text
from interpellations.record.model import ApprovalEvent, Authority, Member
from interpellations.record.registry import Record
from interpellations.record.vocabulary import Language, Role, Side

LOCALES = {Language.FR: "fr_BE", Language.NL: "nl_BE"}
# who signs first on each side: the committee's president and vice-president
RANK = {Role.PRESIDENT: 0, Role.VICE_PRESIDENT: 1}
VERIFICATION_PATH = {Language.FR: "/verifier/", Language.NL: "/verifieren/"}


@dataclass(frozen=True)
class Signatory:
    name: str
    function: str
    organisation: str


@dataclass(frozen=True)
class SignedSide:
    side: Side
    signatories: tuple[Signatory, ...]


@dataclass(frozen=True)
class Section:
    heading: str
    body: str  # Markdown, as written in the text


@dataclass(frozen=True)
class Letter:
    """Everything a letter shows; rendered the same way to every format."""

    language: Language
    draft: bool  # not approved yet: marked "PROJET / ONTWERP", no signatures
    sender: str
    sender_address: tuple[str, ...]
    sender_contact: tuple[str, ...]  # its e-mail and telephone, those given
    enterprise_number: str | None
    addressee: str  # the authority's title
    addressee_address: tuple[str, ...]  # its postal address, as the directory writes it
    place_and_date: str
    reference: str | None  # none before it is issued
    subject: str
    salutation: str
    sections: tuple[Section, ...]
    closing: str
    signed: tuple[SignedSide, ...]  # CPAS first; empty for a draft
    annexes: tuple[str, ...]
    copies: tuple[str, ...]
    text_id: str
    verification_url: str

    @property
    def short_text_id(self) -> str:
        return self.text_id[:12]


def letter_language(texts: dict[Language, Text], authority: Authority) -> Language:
    """The authority's language when the text has a version in it, else French."""
    return authority.language if authority.language in texts else Language.FR


def compose_letter(
    *,
    record: Record,
    texts: dict[Language, Text],
    text_id: str,
    authority: Authority,
    approval: ApprovalEvent | None,
    day: dt.date,
    reference: str | None,
    base_url: str,
    language: Language | None = None,
) -> Letter:
    """The letter to `authority`, from the record and texts of one version; in its own
    language (`letter_language`) unless another of the text's is asked for."""
    language = language or letter_language(texts, authority)
    text = texts[language]
    coordination = record.coordination
    copies = [record.authority(a) for a in text.front.copies]
    return Letter(
        language=language,
        draft=approval is None,
        sender=coordination.name.get(language),
        # the address as written on an envelope may start with the name: shown once
        sender_address=tuple(
            line
            for line in coordination.address.lines_in(language)
            if line not in coordination.name.values()
        ),
        sender_contact=tuple(c for c in (coordination.email, coordination.phone) if c),
        enterprise_number=coordination.enterprise_number,
        addressee=authority.title.get(language),
        addressee_address=tuple(authority.address.lines_in(language)),
        place_and_date=_place_and_date(coordination.place.get(language), day, language),
        reference=reference,
        subject=text.front.title,
        salutation=authority.salutation.get(language),
        sections=tuple(
            Section(HEADINGS[language][key], text.sections[key].body.strip())
            for key in SECTION_KEYS
            if key in text.sections
        ),
        closing=authority.closing.get(language),
        signed=_signed(record, approval, language) if approval else (),
        annexes=tuple(text.front.annexes),
        copies=tuple(c.title.get(language) for c in copies if c is not None),
        text_id=text_id,
        verification_url=base_url.rstrip("/") + VERIFICATION_PATH[language] + text_id,
    )


def addressed(dossier: Dossier) -> list[Authority]:
    """The authorities the letters go to, as the front matter names them, in its order."""
    found = (dossier.record.authority(a) for a in dossier.read.french.front.addressees)
    return [authority for authority in found if authority is not None]


def letter_to(
    dossier: Dossier,
    authority_id: str,
    *,
    day: dt.date,
    reference: str | None,
    base_url: str,
    language: Language | None = None,
) -> Letter:
    """The letter to one addressee, by its id; `NotFound` if the text is not addressed to it,
    or has no version in the `language` asked for.

    A text not approved gives a draft (marked so, no signatures), an approved one its
    signatories; `reference` is None until the letters are issued.
    """
    authority = next((a for a in addressed(dossier) if a.id == authority_id), None)
    if authority is None or (language is not None and language not in dossier.texts):
        raise NotFound(what="letter", authority=authority_id[:80])
    return letter_of(
        dossier, authority, day=day, reference=reference, base_url=base_url, language=language
    )


def letter_of(
    dossier: Dossier,
    authority: Authority,
    *,
    day: dt.date,
    reference: str | None,
    base_url: str,
    language: Language | None = None,
) -> Letter:
    """The letter to `authority` from the text, record and approval the dossier holds."""
    return compose_letter(
        record=dossier.record,
        texts=dict(dossier.read.texts),
        text_id=dossier.text_id,
        authority=authority,
        approval=dossier.approval,
        day=day,
        reference=reference,
        base_url=base_url,
        language=language,
    )


def _place_and_date(place: str, day: dt.date, language: Language) -> str:
    written = format_date(day, "long", locale=LOCALES[language])
    return f"{place}, le {written}" if language == Language.FR else f"{place}, {written}"


def _signed(record: Record, approval: ApprovalEvent, language: Language) -> tuple[SignedSide, ...]:
    """Who signed the approved text, side by side as the approval counted them."""
    sides = sorted(approval.sides, key=lambda count: count.side != Side.CPAS)
    return tuple(
        SignedSide(
            count.side,
            tuple(
                Signatory(m.name, m.function_in(language), m.organisation_in(language))
                for m in sorted(_members(record, count.signatures), key=_rank)
            ),
        )
        for count in sides
    )


def _members(record: Record, emails: list[str]) -> list[Member]:
    return [m for m in (record.member(e) for e in emails) if m is not None]


def _rank(member: Member) -> int:
    return min((RANK[r] for r in member.roles if r in RANK), default=len(RANK))

"""What a text needs before the working group may submit it to the steering committee.

Non-empty Constats and Avis, at least one numbered proposal, at least one
addressee; and when a Dutch version is present, or an addressee reads Dutch, the
Dutch text with the same sections and the same number of proposals (the
signatories vouch for every language present, and a Dutch-speaking authority is
written to in Dutch). Each gap is named, so the refusal says what to complete.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from interpellations.record.document import SECTION_KEYS, Text
from interpellations.record.model import Language
from interpellations.record.registry import Record

REQUIRED_BODIES = ("constats", "avis")


@dataclass(frozen=True)
class Gap:
    """One thing missing from a text before it can be submitted."""

    # empty_section | no_proposal | no_addressee | dutch_missing | section_missing | proposal_count
    code: str
    language: Language = Language.FR
    section: str = ""  # a key of SECTION_KEYS
    counts: tuple[int, int] = (0, 0)  # proposals in French and in Dutch


def submission_gaps(texts: Mapping[Language, Text], record: Record) -> tuple[Gap, ...]:
    """Every gap of the texts as they are, French first; none when they can be submitted."""
    french = texts[Language.FR]  # an interpellation always has its French text
    gaps = _french_gaps(french)
    if not french.front.addressees:
        gaps.append(Gap("no_addressee"))
    dutch = texts.get(Language.NL)
    if dutch is None:
        if _addressed_in_dutch(french, record):
            gaps.append(Gap("dutch_missing", Language.NL))
        return tuple(gaps)
    gaps += [
        Gap("section_missing", Language.NL, key)
        for key in SECTION_KEYS
        if key not in dutch.sections
    ]
    gaps += [
        Gap("empty_section", Language.NL, key)
        for key in REQUIRED_BODIES
        if key in dutch.sections and not dutch.section_body(key).strip()
    ]
    if len(dutch.proposals) != len(french.proposals):
        gaps.append(
            Gap("proposal_count", Language.NL, counts=(len(french.proposals), len(dutch.proposals)))
        )
    return tuple(gaps)


def _french_gaps(french: Text) -> list[Gap]:
    """Constats and Avis empty or absent, no numbered proposal."""
    gaps = [
        Gap("empty_section", Language.FR, key)
        for key in REQUIRED_BODIES
        if not french.section_body(key).strip()
    ]
    if not french.proposals:
        gaps.append(Gap("no_proposal", Language.FR, "propositions"))
    return gaps


def _addressed_in_dutch(text: Text, record: Record) -> bool:
    """Does an addressee of the letter read Dutch (its copies follow the addressees')?"""
    return any(
        authority is not None and authority.language == Language.NL
        for authority in (record.authority(a) for a in text.front.addressees)
    )

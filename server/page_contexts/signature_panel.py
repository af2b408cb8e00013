"""The signature panel: per side, who signed this exact text, who has not yet.

Built from the read model's standing of each side (`reading.approval`), so the
panel counts exactly what the rule counts, as of the approval once approved;
this adds the names and the signatures given to an earlier text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from interpellations.reading.approval import SideStanding
from interpellations.reading.dossier import Dossier


@dataclass(frozen=True)
class Signer:
    name: str
    at: dt.datetime
    substitute: bool = False


@dataclass(frozen=True)
class Uncounted:
    """A signature of this text that the rule does not count, and why."""

    name: str
    at: dt.datetime
    reason: str  # "substitute_not_needed" | "no_seat" | "other_side"


@dataclass(frozen=True)
class SidePanel:
    side: str
    count: int
    quorum: int
    missing: int
    signers: list[Signer]
    not_signed: list[str]  # names of sitting members who have not signed this text
    uncounted: list[Uncounted]
    reached: bool


@dataclass(frozen=True)
class EarlierSignature:
    """The last signature someone gave to an earlier text: it no longer counts."""

    name: str
    side: str
    at: dt.datetime
    version: str


@dataclass(frozen=True)
class SignaturePanel:
    sides: list[SidePanel]
    earlier: list[EarlierSignature]
    approved: bool  # the sides are those the approval recorded


def signature_panel(dossier: Dossier) -> SignaturePanel:
    """The panel of the current text."""
    return SignaturePanel(
        sides=[_side_panel(side, dossier) for side in dossier.sides],
        earlier=[
            EarlierSignature(dossier.name(e.email), e.side, e.at, e.version)
            for e in dossier.earlier
        ],
        approved=dossier.approval is not None,
    )


def _side_panel(side: SideStanding, dossier: Dossier) -> SidePanel:
    return SidePanel(
        side=side.side.value,
        count=side.count,
        quorum=side.quorum,
        missing=side.missing,
        signers=[Signer(dossier.name(s.email), s.at, s.substitute) for s in side.signers],
        not_signed=[dossier.name(email) for email in side.not_signed],
        uncounted=[Uncounted(dossier.name(u.email), u.at, u.reason) for u in side.uncounted],
        reached=side.reached,
    )

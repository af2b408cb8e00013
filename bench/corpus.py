"""The benchmark corpus: varied French interpellations of realistic size (~3 KB).

Texts are drawn from `phrases` with random slot values, spread evenly over the
six themes (each with its working group) and the years 2024–2026, and rendered
by the product's own functions so they parse like any other text.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from slugify import slugify

from bench.phrases import (
    ANCHOR_PATTERN,
    ANCHOR_SENTENCE,
    AUTHORITIES,
    BANKS,
    GENERIC_AVIS,
    GENERIC_CONSTATS,
    QUARTIERS,
    SERVICES,
    ThemeBank,
)
from interpellations.clock import BRUSSELS
from interpellations.record.document import render_text, text_file
from interpellations.record.ids import InterpellationId
from interpellations.record.journal import append_event, new_event_id
from interpellations.record.loading import JOURNAL_FILE
from interpellations.record.model import CreateEvent, FrontMatter, Language

YEARS = (2024, 2025, 2026)
TEXT_FILE = text_file(Language.FR)
_ANCHOR_RE = re.compile(ANCHOR_PATTERN)


@dataclass(frozen=True)
class Spec:
    """One generated interpellation: where it lives and what its files hold."""

    iid: InterpellationId
    title: str
    text: bytes
    journal: bytes

    @property
    def text_path(self) -> str:
        return self.iid.path(TEXT_FILE)

    @property
    def journal_path(self) -> str:
        return self.iid.path(JOURNAL_FILE)

    def files(self) -> dict[str, bytes | None]:
        return {self.text_path: self.text, self.journal_path: self.journal}


def generate(count: int, rng: random.Random, author: str) -> list[Spec]:
    """`count` interpellations, themes and years in turn, created by `author`."""
    return [_spec(number, rng, author) for number in range(count)]


def _spec(number: int, rng: random.Random, author: str) -> Spec:
    bank = BANKS[number % len(BANKS)]
    year = YEARS[(number // len(BANKS)) % len(YEARS)]
    title = _fill(rng.choice(bank.titles), rng)
    slug = f"{slugify(title, max_length=60, word_boundary=True)}-{number:04d}"
    front = FrontMatter(
        title=title,
        theme=bank.theme,
        group=bank.group,
        addressees=[rng.choice(AUTHORITIES)],
        copies=rng.sample(AUTHORITIES, rng.randint(0, 2)),
    )
    created = _created(year, rng)
    event = CreateEvent(id=new_event_id("e"), at=created, by=author)
    return Spec(
        iid=InterpellationId(year, slug),
        title=title,
        text=render_text(front, _sections(bank, rng)).encode(),
        journal=append_event(None, event),
    )


def _created(year: int, rng: random.Random) -> dt.datetime:
    day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(300))
    return dt.datetime(day.year, day.month, day.day, rng.randint(8, 18), 0, tzinfo=BRUSSELS)


def _sections(bank: ThemeBank, rng: random.Random) -> dict[str, str]:
    constats = rng.sample([*bank.constats, *GENERIC_CONSTATS], 10)
    avis = rng.sample([*bank.avis, *GENERIC_AVIS], 4)
    anchor = ANCHOR_SENTENCE.format(number=1)
    proposals = rng.sample(bank.propositions, 5)
    return {
        "constats": _paragraphs(constats, 4, rng),
        "avis": _paragraphs(avis, 2, rng) + " " + anchor,
        "propositions": "\n".join(f"{n}. {p}" for n, p in enumerate(proposals, start=1)),
    }


def _paragraphs(sentences: list[str], per_paragraph: int, rng: random.Random) -> str:
    filled = [_fill(s, rng) for s in sentences]
    groups = [filled[i : i + per_paragraph] for i in range(0, len(filled), per_paragraph)]
    return "\n\n".join(" ".join(group) for group in groups)


def _fill(sentence: str, rng: random.Random) -> str:
    return sentence.format(
        quartier=rng.choice(QUARTIERS),
        nombre=rng.randrange(40, 2400),
        annee=rng.choice((2019, 2020, 2021, 2022, 2023)),
        pourcent=rng.randrange(8, 45),
        delai=rng.randrange(3, 16),
        service=rng.choice(SERVICES),
    )


def change_sentence(text: str, number: int) -> str:
    """The text with its review sentence changed to mention session `number`."""
    changed, found = _ANCHOR_RE.subn(f"séance de travail n° {number}.", text, count=1)
    if not found:
        raise ValueError("the text has no review sentence to change")
    return changed

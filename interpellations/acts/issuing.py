"""Issuing: the approved text becomes its letters, one per addressee, in one commit.

The commit archives each letter's PDF byte for byte in the interpellation's folder
(`lettres/<authority>.<language>.pdf`), records an `IssueEvent` (reference, date,
each letter's SHA-256, also in the trailers) and moves the registre's counter of
references (`references.yaml`: the last number given, by year of issue), so that a
number is never given twice, across years and restarts.

Rendering takes a tenth of a second a letter: it happens before the write lock,
with the reference the next number would be. Inside the lock the rules check that
the text is still the approved one that was shown, and the act that the number is
still free; when another issue took it meanwhile, the letters are rendered again
with the next number (a few times at most).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import ClassVar

from interpellations.acts.pipeline import Act, Done, Drafted, Scene, perform
from interpellations.clock import now
from interpellations.errors import InvalidDocument, WriteContention
from interpellations.letters.content import addressed, letter_of
from interpellations.letters.rendering import Format, render
from interpellations.reading.dossier import read_dossier
from interpellations.record.ids import InterpellationId
from interpellations.record.model import IssuedLetter, IssueEvent, Language
from interpellations.record.problems import Problem
from interpellations.record.store import Snapshot, Store
from interpellations.record.trailers import Action, Via
from interpellations.rules.workflow import Request, decide
from interpellations.yamlio import FastYAMLError, dump_data, fast_load

REFERENCES_FILE = "references.yaml"
RENDERINGS = 3  # a number taken by another issue meanwhile: render again, this often
REFERENCES_HEADER = "# Dernier numéro de référence donné, par année d'émission.\n".encode()


class ReferenceTaken(Exception):
    """The number the letters were rendered with was given meanwhile."""


@dataclass(frozen=True)
class Rendered:
    """One letter as it will be archived."""

    authority: str
    language: Language
    pdf: bytes

    @property
    def file(self) -> str:
        return f"lettres/{self.authority}.{self.language.value}.pdf"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


@dataclass(frozen=True)
class Issue(Act):
    """Issue the letters rendered with reference number `number` of `day`'s year."""

    iid: InterpellationId
    text_id: str
    day: dt.date
    number: int
    reference: str
    letters: tuple[Rendered, ...]
    base_url: str  # the verification links' start, as printed

    action: ClassVar[Action] = Action.ISSUE
    event_prefix: ClassVar[str] = "i"

    @property
    def target(self) -> InterpellationId:
        return self.iid

    def request(self) -> Request:
        return Request(text_id=self.text_id)

    def draft(self, scene: Scene) -> Drafted:
        given = references_given(scene.snapshot)
        if given.get(self.day.year, 0) + 1 != self.number:
            raise ReferenceTaken
        event = IssueEvent(
            **scene.stamp(),
            text_id=self.text_id,
            reference=self.reference,
            date=self.day,
            letters=[
                IssuedLetter(
                    authority=r.authority, language=r.language, file=r.file, sha256=r.sha256
                )
                for r in self.letters
            ],
            base_url=self.base_url,
        )
        files: dict[str, bytes | None] = {self.iid.path(r.file): r.pdf for r in self.letters}
        files[REFERENCES_FILE] = REFERENCES_HEADER + dump_data(given | {self.day.year: self.number})
        return Drafted(
            f"Émet les lettres de « {scene.title} » ({self.reference})",
            (event,),
            files,
            reference=self.reference,
            letters=", ".join(f"{r.file}={r.sha256}" for r in self.letters),
        )


def references_given(snapshot: Snapshot) -> dict[int, int]:
    """The last reference number given, by year of issue (none yet: empty)."""
    raw = snapshot.read(REFERENCES_FILE)
    if raw is None:
        return {}
    try:
        data = fast_load(raw) or {}
    except FastYAMLError:
        data = None
    if not isinstance(data, dict) or not all(
        isinstance(k, int) and isinstance(v, int) and v >= 0 for k, v in data.items()
    ):
        raise InvalidDocument(problems=[Problem("references_invalid", file=REFERENCES_FILE)])
    return dict(data)


def issue_letters(
    store: Store,
    actor: str,
    iid: InterpellationId,
    text_id: str,
    *,
    base_url: str,
    via: Via | None = None,
) -> Done:
    """Render the letters of the approved text `text_id` and issue them as one commit."""
    for _ in range(RENDERINGS):
        snapshot = store.snapshot()
        dossier = read_dossier(store, iid, snapshot.version)
        # refused before anything is rendered (the act checks again inside the lock)
        decide(dossier.situation(actor), Action.ISSUE, Request(text_id=text_id)).enforce()
        day = now().date()
        number = references_given(snapshot).get(day.year, 0) + 1
        prefix = dossier.record.coordination.reference_prefix
        reference = f"{prefix}/{day.year}/{number:03d}"
        letters = []
        for authority in addressed(dossier):
            letter = letter_of(dossier, authority, day=day, reference=reference, base_url=base_url)
            letters.append(Rendered(authority.id, letter.language, render(letter, Format.PDF)))
        act = Issue(iid, text_id, day, number, reference, tuple(letters), base_url)
        try:
            return perform(store, actor, act, via=via)
        except ReferenceTaken:
            continue
    raise WriteContention()

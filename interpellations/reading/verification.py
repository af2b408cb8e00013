"""What anyone holding a letter may check: the text it carries, who approved it, what was sent.

Found by the text id printed on the letter (its full 64 hexadecimal digits). Only an
issued text answers: a draft, a text still being signed or an unknown id are all
"not found", so the page reveals nothing of the coordination's work in progress.
Nothing here names an e-mail address: the signatories by name, function and side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from interpellations.errors import NotFound
from interpellations.index.index import Index
from interpellations.reading.dossier import read_dossier
from interpellations.record.document import Text
from interpellations.record.ids import InterpellationId
from interpellations.record.model import Authority, IssueEvent, Language, Side
from interpellations.record.store import Store
from interpellations.rules.parity import active_signatures
from interpellations.rules.states import issue_of
from interpellations.rules.workflow import TEXT_ID_RE


@dataclass(frozen=True)
class Signatory:
    name: str
    function: str
    organisation: str
    side: Side
    signed_at: dt.datetime


@dataclass(frozen=True)
class Verification:
    interpellation: InterpellationId
    text_id: str
    texts: dict[Language, Text]
    approved_at: dt.datetime
    signatories: tuple[Signatory, ...]  # CPAS first, in the order they signed
    issue: IssueEvent  # the reference, the date, each letter's SHA-256
    authorities: dict[str, Authority]  # those the letters went to, by id

    def title_in(self, language: Language) -> tuple[str, Language]:
        """The title in `language` when the text exists in it, else the French one."""
        text = self.texts.get(language) or self.texts[Language.FR]
        return text.front.title, text.language


def verify(
    store: Store, index: Index, text_id: str, language: Language = Language.FR
) -> Verification:
    """The issued text `text_id`, its signatories' functions in `language`; `NotFound`
    for anything else."""
    if not TEXT_ID_RE.fullmatch(text_id):
        raise NotFound(what="issued_text")
    rows = index.rows("SELECT id FROM interpellations WHERE text_id = ?", (text_id,))
    for (key,) in rows:
        dossier = read_dossier(store, InterpellationId.parse(key))
        issued = issue_of(dossier.read.journal.events, text_id)
        if issued is None or dossier.approval is None:
            continue
        counted = {email for side in dossier.approval.sides for email in side.signatures}
        signed = [
            s for s in active_signatures(dossier.read.journal.events)
            if s.text_id == text_id and s.by in counted
        ]  # fmt: skip
        people = [(s, dossier.record.member(s.by)) for s in signed]
        return Verification(
            interpellation=dossier.read.id,
            text_id=text_id,
            texts=dict(dossier.read.texts),
            approved_at=dossier.approval.at,
            signatories=tuple(
                Signatory(
                    m.name, m.function_in(language), m.organisation_in(language), s.side, s.at
                )
                for s, m in sorted(people, key=lambda p: p[0].side != Side.CPAS)
                if m is not None
            ),
            issue=issued,
            authorities={
                a.id: a
                for a in (dossier.record.authority(x.authority) for x in issued.letters)
                if a is not None
            },
        )
    raise NotFound(what="issued_text")

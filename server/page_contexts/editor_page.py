"""The editor's page: the texts of both languages, the details, and what may interrupt a save.

What it shows in the fields is, in order of precedence: what the person just
sent (a refused save never empties the editor), their working copy when they
chose to take it up, or the texts at head. A working copy they have not taken
up is offered above the editor, never applied silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from interpellations.reading.dossier import Dossier, read_dossier
from interpellations.record.document import text_file
from interpellations.record.health import Breakage, Reading
from interpellations.record.ids import InterpellationId
from interpellations.record.model import Language, Member
from interpellations.record.registry import Record
from interpellations.record.store import Store
from interpellations.record.trailers import Action
from interpellations.rules.states import State
from interpellations.rules.workflow import may_start
from interpellations.text.editing import EditorFields, compose, decompose
from interpellations.text.merging import Region, merge_regions
from interpellations.wording.sentences import describe_error, describe_refusal
from server.working_copies import WorkingCopy


@dataclass(frozen=True)
class Choices:
    """What the details are chosen from, labelled in the reader's language."""

    themes: list[tuple[str, str]]
    groups: list[tuple[str, str]]
    authorities: list[tuple[str, str]]

    @classmethod
    def of(cls, record: Record, language: Language) -> Choices:
        return cls(
            themes=[(t.id, t.name.get(language)) for t in record.coordination.themes],
            groups=[(g.id, g.name.get(language)) for g in record.coordination.working_groups],
            authorities=[(a.id, a.title.get(language)) for a in record.authorities],
        )


@dataclass(frozen=True)
class ConflictView:
    """The regions of one language's merge; the conflicts are numbered for the choices."""

    language: str
    regions: list[tuple[int | None, Region]]  # (conflict number, region)


@dataclass(frozen=True)
class EditorPage:
    id: str
    title: str
    state: str
    base: str  # the version the person started from
    fields: EditorFields
    message: str
    choices: Choices
    offered: WorkingCopy | None = None  # a working copy not taken up yet
    reopens: int = 0  # signatures to give again if this approved text is saved
    refusal: str = ""  # why this person may not save a version, said before they type
    read_only: Breakage | None = None  # why nobody may, for now

    @property
    def languages(self) -> tuple[Language, ...]:
        return tuple(Language)


def editor_page(
    store: Store,
    iid: InterpellationId,
    language: Language,
    member: Member | None = None,
    *,
    copy: WorkingCopy | None = None,
    take_copy: bool = False,
    sent: tuple[str, EditorFields, str] | None = None,
    reading: Reading | None = None,
) -> EditorPage:
    """The editor of `iid`; `sent` is (base, fields, message) of a refused save; `reading`
    where the service reads it (its last valid version while it is read-only)."""
    reading = reading or Reading(store.head())
    dossier = read_dossier(store, iid, reading.version)
    texts = {lang: text.raw for lang, text in dossier.texts.items()}
    base, fields, message = dossier.version, decompose(texts), ""
    if sent is not None:
        base, fields, message = sent
    elif copy is not None and take_copy:
        base, fields, message = copy.base, decompose(copy.texts), copy.message
    offered = copy if copy is not None and not take_copy and sent is None else None
    if offered is not None and dict(offered.texts) == compose(fields):
        offered = None  # the copy holds nothing the texts do not
    return EditorPage(
        id=str(iid),
        title=dossier.title,
        state=dossier.state.value,
        base=base,
        fields=fields,
        message=message,
        choices=Choices.of(dossier.record, language),
        offered=offered,
        reopens=_signatures(dossier) if dossier.state == State.APPROVED else 0,
        refusal=_refusal(dossier, member, language, reading.breakage),
        read_only=reading.breakage,
    )


def _refusal(
    dossier: Dossier, member: Member | None, language: Language, broken: Breakage | None
) -> str:
    if broken is not None:
        return describe_error(broken.refusal(), language)
    if member is None:
        return ""
    refused = may_start(dossier.situation(member.email), Action.EDIT).refusal
    return describe_refusal(refused.code, refused.params, language) if refused else ""


def merges_of(
    store: Store, iid: InterpellationId, base: str, head: str, texts: Mapping[Language, str]
) -> dict[Language, list[Region]]:
    """The regions of the merge of each of the person's texts (made from `base`) with `head`'s."""
    before, after = store.snapshot(store.resolve(base)), store.snapshot(store.resolve(head))
    merges = {}
    for language, mine in texts.items():
        path = iid.path(text_file(language))
        at_base = (before.read(path) or b"").decode()
        theirs = (after.read(path) or b"").decode()
        merges[language] = merge_regions(at_base, mine, theirs)
    return merges


def conflicts_of(
    store: Store, iid: InterpellationId, base: str, head: str, texts: Mapping[Language, str]
) -> list[ConflictView]:
    """The languages whose merge with `head` has regions changed on both sides."""
    return [
        ConflictView(language.value, _numbered(regions))
        for language, regions in merges_of(store, iid, base, head, texts).items()
        if any(r.kind == "conflict" for r in regions)
    ]


def _numbered(regions: list[Region]) -> list[tuple[int | None, Region]]:
    numbered: list[tuple[int | None, Region]] = []
    count = 0
    for region in regions:
        if region.kind == "conflict":
            numbered.append((count, region))
            count += 1
        else:
            numbered.append((None, region))
    return numbered


def _signatures(dossier: Dossier) -> int:
    approval = dossier.approval
    return sum(len(side.signatures) for side in approval.sides) if approval else 0

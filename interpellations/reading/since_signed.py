"""What changed in a text since a member last signed it, to sign the new one in one step."""

from __future__ import annotations

from dataclasses import dataclass

from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.model import Language, SignEvent
from interpellations.record.store import Store
from interpellations.text.diffing import SectionDiff, text_diff


@dataclass(frozen=True)
class SinceSigned:
    """What changed between the text a member signed last and the current one."""

    signature: SignEvent
    current_text_id: str
    changes: dict[Language, list[SectionDiff]]

    @property
    def unchanged(self) -> bool:
        return self.signature.text_id == self.current_text_id


def changes_since_signed(store: Store, actor: str, iid: InterpellationId) -> SinceSigned | None:
    """The word-level changes since `actor` last signed, to re-sign the current text in one step.

    `None` if they never signed this interpellation. Signing again is `sign` with
    `current_text_id`, the text the person is shown here.
    """
    read = load_interpellation(store.snapshot(), iid)
    signatures = [e for e in read.journal.events if isinstance(e, SignEvent) and e.by == actor]
    if not signatures:
        return None
    last = signatures[-1]
    signed = load_interpellation(store.snapshot(last.version), iid)
    languages = sorted(set(signed.texts) | set(read.texts), key=lambda lang: lang != Language.FR)
    changes = {lang: text_diff(signed.text(lang), read.text(lang)) for lang in languages}
    return SinceSigned(last, read.text_id, changes)

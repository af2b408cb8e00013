"""An interpellation as its letters were issued: read at the commit that issued them.

A letter rendered again later (DOCX, ODT) must say what the issued one said: the
authority's address and the signatories' functions of that day, not today's
directory. Before issuing there is nothing to go back to: the head.
"""

from __future__ import annotations

from interpellations.index.index import Index
from interpellations.reading.dossier import Dossier, read_dossier
from interpellations.record.ids import InterpellationId
from interpellations.record.model import IssueEvent
from interpellations.record.store import Store
from interpellations.record.trailers import Action
from interpellations.rules.states import issue_of


def as_issued(
    store: Store, index: Index, iid: InterpellationId, version: str | None = None
) -> tuple[Dossier, IssueEvent | None]:
    """The dossier at the issuing commit and the issue, or at `version` (head) before it."""
    dossier = read_dossier(store, iid, version)
    issued = issue_of(dossier.read.journal.events, dossier.text_id)
    if issued is None:
        return dossier, None
    rows = index.rows(
        "SELECT version FROM history WHERE interpellation = ? AND action = ? "
        "ORDER BY seq DESC LIMIT 1",
        (str(iid), Action.ISSUE.value),
    )
    return (read_dossier(store, iid, rows[0][0]) if rows else dossier), issued

"""The journal of an interpellation: its events (comments, submissions…) in `journal.yaml`.

The file is append-only: a new event is added as text at its end, so each commit's
diff is exactly the event it records and earlier lines are never rewritten.
"""

from __future__ import annotations

import secrets
from typing import Any

from pydantic import TypeAdapter, ValidationError

from interpellations.blobcache import parsed
from interpellations.errors import InvalidDocument
from interpellations.record.ids import InterpellationId
from interpellations.record.loading import JOURNAL_FILE, load_yaml
from interpellations.record.model import Event, Journal
from interpellations.record.problems import problems_from_validation
from interpellations.record.store import Snapshot
from interpellations.yamlio import FastYAMLError, dump_data, fast_load

HEADER = b"# Journal de l'interpellation : un \xc3\xa9v\xc3\xa9nement par action.\nevents:\n"
_event_adapter: TypeAdapter[Event] = TypeAdapter(Event)


def new_event_id(prefix: str) -> str:
    """A short random id, unique within one journal (`c-1f3a9b2e`)."""
    return f"{prefix}-{secrets.token_hex(4)}"


def read_journal(snapshot: Snapshot, iid: InterpellationId) -> Journal:
    """The events of an interpellation at a version (empty if it has no journal yet)."""
    file = iid.path(JOURNAL_FILE)
    return parsed(snapshot.blob_id(file), file, lambda: _parse_journal(snapshot.read(file), file))


def _parse_journal(raw: bytes | None, file: str) -> Journal:
    if raw is None:
        return Journal()
    try:
        return Journal.model_validate(fast_load(raw) or {})
    except (FastYAMLError, ValidationError):
        pass  # read it again slowly, to say what is wrong and at which line
    data, problems = load_yaml(raw, file)
    if problems:
        raise InvalidDocument(problems=problems)
    try:
        return Journal.model_validate(data or {})
    except ValidationError as error:
        raise InvalidDocument(problems=problems_from_validation(error, data, file)) from error


def append_event(current: bytes | None, event: Event) -> bytes:
    """The journal's bytes with `event` appended at the end."""
    body = current if current else HEADER
    if not body.endswith(b"\n"):
        body += b"\n"
    return body + _event_yaml(event)


def _event_yaml(event: Event) -> bytes:
    data: dict[str, Any] = _event_adapter.dump_python(event, mode="json", exclude_none=True)
    data["at"] = event.at.isoformat()
    return dump_data([data])

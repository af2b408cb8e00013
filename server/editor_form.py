"""The editor's form, read: the fields of both languages, the details, the conflict choices.

Shared by the editor's pages, the working copy it sends while typing, and the
login page that keeps a save sent after the session ended.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

from interpellations.errors import DomainError
from interpellations.record.ids import InterpellationId
from interpellations.record.model import Language
from interpellations.text.editing import EditorFields, Writing, compose
from interpellations.text.merging import CHOICES
from server.working_copies import WorkingCopies

FIELD_MAX = 1_000_000  # far above a text's limit: the act words the limit, not the form
CHOICE = re.compile(r"^choice_(fr|nl)_(\d{1,4})$")


def _value(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name, "")
    return value[:FIELD_MAX] if isinstance(value, str) else ""


def _values(form: Any, name: str) -> tuple[str, ...]:
    got = form.getall(name, []) if hasattr(form, "getall") else form.get(name, [])
    items = got if isinstance(got, list | tuple) else [got]
    return tuple(dict.fromkeys(v for v in items if isinstance(v, str) and v))


def editor_fields(form: Any) -> EditorFields:
    """The fields of an editor form as sent (nothing refused here)."""
    return EditorFields(
        writings={
            lang: Writing(_value(form, f"title_{lang.value}"), _value(form, f"body_{lang.value}"))
            for lang in Language
        },
        theme=_value(form, "theme"),
        group=_value(form, "group"),
        addressees=_values(form, "addressees"),
        copies=_values(form, "copies"),
    )


def conflict_choices(form: Mapping[str, Any]) -> dict[Language, dict[int, tuple[str, str]]]:
    """For each language, conflict number to (choice, the text written for `edit`)."""
    chosen: dict[Language, dict[int, tuple[str, str]]] = {}
    for name in form:
        match = CHOICE.match(name)
        choice = _value(form, name)
        if match and choice in CHOICES:
            language, number = Language(match[1]), int(match[2])
            edited = _value(form, f"edited_{match[1]}_{number}")
            chosen.setdefault(language, {})[number] = (choice, edited)
    return chosen


def carried(form: Any, path: str) -> str:
    """An editor's save sent after the session ended, to keep through the login form.

    The login page carries it in a hidden field; once the person is logged in
    again it becomes their working copy, offered in the editor (`keep_carried`).
    """
    iid = InterpellationId.from_path(path.lstrip("/"))
    if iid is None or not isinstance(form, Mapping) or "body_fr" not in form:
        return ""
    texts = compose(editor_fields(form))
    return json.dumps(
        {
            "author": _value(form, "author")[:254],  # whose editor it was
            "at": dt.datetime.now(dt.UTC).isoformat(),
            "interpellation": str(iid),
            "base": _value(form, "base")[:40],
            "texts": {lang.value: text for lang, text in texts.items()},
            "message": _value(form, "message")[:500],
        },
        ensure_ascii=False,
    )


def keep_carried(copies: WorkingCopies, email: str, kept: str) -> None:
    """The carried save becomes the working copy of the person whose editor it was.

    Only theirs (someone else logging in on a shared computer gets nothing of it),
    and never over a working copy they kept since; anything malformed is dropped.
    """
    try:
        data = json.loads(kept)
        iid = InterpellationId.parse(str(data["interpellation"]))
        at = dt.datetime.fromisoformat(str(data["at"]))
        if str(data["author"]).lower() != email.lower():
            return
        newer = copies.get(email, iid)
        if newer is not None and newer.saved_at > at:
            return
        texts = {Language(k): str(v) for k, v in dict(data["texts"]).items()}
        copies.keep(email, iid, str(data["base"])[:40], texts, str(data.get("message", ""))[:500])
    except (ValueError, KeyError, TypeError, DomainError):
        return

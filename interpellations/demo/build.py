"""The demo coordination: fictional people, authorities and a dozen interpellations.

`build_demo` founds a data repository and replays a plausible history through
the same domain functions the service uses (create, edit, comment, reply,
resolve, submit), each at its own date, so `git log` reads like a year of work.
Tests call it too, on temporary folders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from interpellations.acts.committee import answer_objection, raise_objection, sign, submit
from interpellations.acts.discussion import add_comment, resolve_comment
from interpellations.acts.drafting import create_interpellation, edit_texts
from interpellations.acts.founding import found_repository
from interpellations.acts.issuing import issue_letters
from interpellations.clock import fixed_time
from interpellations.record.document import HEADINGS, parse_text
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.model import Authorities, Coordination, FrontMatter, Language, Members
from interpellations.record.store import Store
from interpellations.record.trailers import Via

DEMO_TEXTS = Path(__file__).parent / "texts"
BASE_URL = "http://127.0.0.1:8000"  # where `make serve` answers
SECTION_BY_HEADING = {heading: key for key, heading in HEADINGS[Language.FR].items()}


@dataclass(order=True)
class Step:
    at: dt.datetime
    order: int
    act: Callable[[], Any]


def _yaml(name: str) -> Any:
    return YAML(typ="safe").load(StringIO((DEMO_TEXTS / name).read_text(encoding="utf-8")))


def demo_record() -> tuple[Coordination, Members, Authorities]:
    """The demo coordination's three files, as models."""
    return (
        Coordination.model_validate(_yaml("coordination.yaml")),
        Members.model_validate(_yaml("membres.yaml")),
        Authorities.model_validate(_yaml("autorites.yaml")),
    )


def demo_text(slug: str, language: Language) -> str | None:
    path = DEMO_TEXTS / f"{slug}.{language.value}.md"
    return path.read_text(encoding="utf-8") if path.exists() else None


def build_demo(path: Path, *, limit: int | None = None, base_url: str = BASE_URL) -> Store:
    """Found the demo repository at `path` and replay its history (`limit` texts at most);
    letters issued in it point to their verification page under `base_url`."""
    store = found_repository(path, *demo_record(), via=Via.DEMO)
    plan = _yaml("plan.yaml")["interpellations"][:limit]
    steps: list[Step] = []
    for entry in plan:
        steps += _steps(store, entry, base_url)
    for step in sorted(steps):
        with fixed_time(step.at):
            step.act()
    return store


def _at(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _steps(store: Store, entry: dict[str, Any], base_url: str) -> list[Step]:
    """The acts of one interpellation's history, each with its date."""
    slug = entry["slug"]
    iid = InterpellationId(int(entry["year"]), slug)
    french = demo_text(slug, Language.FR) or ""
    dutch = demo_text(slug, Language.NL)
    initial = parse_text(french, Language.FR, slug)
    sections = {key: section.body for key, section in initial.sections.items()}
    created = _at(entry["created"])
    texts = {"fr": french}
    steps = [Step(created, 0, _creation(store, entry["author"], initial.front, sections, slug))]
    for number, edit in enumerate(entry.get("edits", []), start=1):
        texts["fr"] = texts["fr"].replace(edit["find"], edit["replace"], 1)
        steps.append(
            Step(
                _at(edit["at"]),
                number,
                _edit(store, edit["by"], iid, Language.FR, texts["fr"], edit["message"]),
            )
        )
    submitted = entry.get("submitted")
    if dutch:
        before = _at(submitted["at"]) - dt.timedelta(days=1) if submitted else None
        when = before or created + dt.timedelta(days=3)
        steps.append(
            Step(
                when,
                90,
                _edit(
                    store,
                    entry["author"],
                    iid,
                    Language.NL,
                    dutch,
                    "Ajoute la version néerlandaise",
                ),
            )
        )
    for number, comment in enumerate(entry.get("comments", []), start=100):
        steps += _comment_steps(store, iid, comment, number)
    if submitted:
        steps.append(
            Step(
                _at(submitted["at"]), 200, lambda: submit(store, submitted["by"], iid, via=Via.DEMO)
            )
        )
    issued = entry.get("issued")
    if issued:
        steps.append(Step(_at(issued["at"]), 400, _issuing(store, issued["by"], iid, base_url)))
    return steps + _committee_steps(store, iid, entry)


def _issuing(store: Store, by: str, iid: InterpellationId, base_url: str) -> Callable[[], Any]:
    def act() -> Any:
        current = load_interpellation(store.snapshot(), iid).text_id
        return issue_letters(store, by, iid, current, base_url=base_url, via=Via.DEMO)

    return act


def _committee_steps(store: Store, iid: InterpellationId, entry: dict[str, Any]) -> list[Step]:
    """Signatures and objections after submission, each on the text as it is then."""

    def signing(by: str) -> Callable[[], Any]:
        def act() -> Any:
            current = load_interpellation(store.snapshot(), iid).text_id
            return sign(store, by, iid, current, via=Via.DEMO)

        return act

    def objecting(objection: dict[str, Any], ids: dict[str, str]) -> Callable[[], Any]:
        def act() -> None:
            current = load_interpellation(store.snapshot(), iid).text_id
            done = raise_objection(
                store,
                objection["by"],
                iid,
                current,
                objection["reason"],
                objection.get("section"),
                via=Via.DEMO,
            )
            ids["id"] = done.event or ""

        return act

    def answering(answer: dict[str, Any], ids: dict[str, str]) -> Callable[[], Any]:
        return lambda: answer_objection(
            store, answer["by"], iid, ids["id"], answer["body"], via=Via.DEMO
        )

    steps = [Step(_at(s["at"]), 300, signing(s["by"])) for s in entry.get("signatures", [])]
    for objection in entry.get("objections", []):
        ids: dict[str, str] = {}
        steps.append(Step(_at(objection["at"]), 300, objecting(objection, ids)))
        steps += [Step(_at(a["at"]), 300, answering(a, ids)) for a in objection.get("answers", [])]
    return steps


def _creation(
    store: Store, author: str, front: FrontMatter, sections: dict[str, str], slug: str
) -> Callable[[], Any]:
    def act() -> Any:
        return create_interpellation(store, author, front, sections, slug=slug, via=Via.DEMO)

    return act


def _edit(
    store: Store, by: str, iid: InterpellationId, language: Language, text: str, message: str
) -> Callable[[], Any]:
    def act() -> Any:
        # A full-text replacement made on the head: the demo's editors never race.
        return edit_texts(store, by, iid, {language: text}, store.head(), message, via=Via.DEMO)

    return act


def _comment_steps(
    store: Store, iid: InterpellationId, comment: dict[str, Any], number: int
) -> list[Step]:
    ids: dict[str, str] = {}

    def post() -> None:
        section = SECTION_BY_HEADING.get(comment.get("section", ""))
        ids["id"], _ = add_comment(
            store,
            comment["by"],
            iid,
            comment["body"],
            section=section,
            quote=comment.get("quote"),
            via=Via.DEMO,
        )

    steps = [Step(_at(comment["at"]), number, post)]
    for reply in comment.get("replies", []):
        steps.append(Step(_at(reply["at"]), number, _reply(store, iid, reply, ids)))
    if comment.get("resolved_by"):
        last = max([_at(comment["at"])] + [_at(r["at"]) for r in comment.get("replies", [])])
        steps.append(
            Step(
                last + dt.timedelta(hours=2),
                number,
                lambda: resolve_comment(
                    store, comment["resolved_by"], iid, ids["id"], via=Via.DEMO
                ),
            )
        )
    return steps


def _reply(
    store: Store, iid: InterpellationId, reply: dict[str, Any], ids: dict[str, str]
) -> Callable[[], Any]:
    def act() -> Any:
        return add_comment(store, reply["by"], iid, reply["body"], reply_to=ids["id"], via=Via.DEMO)

    return act

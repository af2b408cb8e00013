"""The coordination's record as read from one version: its three files, loaded and checked.

`load_record` reads `coordination.yaml`, `membres.yaml` and `autorites.yaml` and
refuses them, every problem listed with its file and line, when they contradict
each other or the parity (`checking` does the same for the texts and journals).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from interpellations.errors import DomainError
from interpellations.record.ids import INTERPELLATIONS_DIR, InterpellationId
from interpellations.record.model import (
    Authorities,
    Coordination,
    Members,
    Role,
    Side,
)
from interpellations.record.problems import Problem, line_of, problems_from_validation
from interpellations.record.registry import Record
from interpellations.record.seats import sitting, sitting_overflow
from interpellations.record.store import Snapshot
from interpellations.yamlio import FastYAMLError, LinedYAMLError, fast_load, load_with_lines

__all__ = [
    "AUTHORITIES_FILE",
    "COORDINATION_FILE",
    "JOURNAL_FILE",
    "MEMBERS_FILE",
    "RECORD_FILES",
    "Record",
    "RecordInvalid",
    "interpellation_ids",
    "load_and_check",
    "load_record",
    "load_yaml",
]

COORDINATION_FILE = "coordination.yaml"
MEMBERS_FILE = "membres.yaml"
AUTHORITIES_FILE = "autorites.yaml"
JOURNAL_FILE = "journal.yaml"
# the coordination's own files: when one of them breaks, the whole record is read-only
RECORD_FILES = (COORDINATION_FILE, MEMBERS_FILE, AUTHORITIES_FILE)

M = TypeVar("M", bound=BaseModel)


class RecordInvalid(DomainError):
    code = "record_invalid"

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(count=len(problems))
        self.problems = problems


def load_yaml(raw: bytes, file: str) -> tuple[Any, list[Problem]]:
    """Parse YAML keeping line numbers; a syntax error becomes a problem with its line."""
    try:
        return load_with_lines(raw.decode("utf-8")), []
    except UnicodeDecodeError:
        return None, [Problem("not_utf8", file=file)]
    except LinedYAMLError as error:
        line = error.line + 1 if error.line is not None else None
        return None, [Problem("yaml_syntax", {"detail": error.problem}, file=file, line=line)]


def _quick_yaml(raw: bytes, file: str) -> tuple[Any, list[Problem]]:
    """Parse YAML with libyaml: fast, but without the lines a problem must point at."""
    try:
        return fast_load(raw), []
    except FastYAMLError:
        return None, [Problem("yaml_syntax", file=file)]  # read again slowly, to say where


Parser = Callable[[bytes, str], "tuple[Any, list[Problem]]"]


def _load_model(
    snapshot: Snapshot, file: str, model: type[M], parse: Parser
) -> tuple[M | None, Any, list[Problem]]:
    raw = snapshot.read(file)
    if raw is None:
        return None, None, [Problem("file_missing", file=file)]
    data, problems = parse(raw, file)
    if problems:
        return None, None, problems
    try:
        return model.model_validate(data), data, []
    except ValidationError as error:
        return None, data, problems_from_validation(error, data, file)


def load_record(snapshot: Snapshot) -> Record:
    """The record at a version; raises `RecordInvalid` listing every problem found.

    Parsed once per distinct content of the three files (most actions do not
    change them), so that every write can check its actor against the record.
    """
    key = tuple(snapshot.blob_id(f) for f in (COORDINATION_FILE, MEMBERS_FILE, AUTHORITIES_FILE))
    with _RECORDS_LOCK:
        cached = _RECORDS.get(key)
    if cached is not None:
        return cached
    record, problems = load_and_check(snapshot)
    if problems or record is None:
        raise RecordInvalid(problems)
    with _RECORDS_LOCK:  # request threads share the cache
        if len(_RECORDS) >= 16:
            _RECORDS.pop(next(iter(_RECORDS)))
        _RECORDS[key] = record
    return record


_RECORDS: dict[tuple[bytes | None, ...], Record] = {}
_RECORDS_LOCK = threading.Lock()


def load_and_check(snapshot: Snapshot) -> tuple[Record | None, list[Problem]]:
    """The record and its problems: read with libyaml, and again with ruamel if wrong.

    ruamel's round-trip parser knows the line of every value, but it is twenty
    times slower: a valid record (nearly always) does not need it, a wrong one is
    read again with it so that every problem says where it is.
    """
    record, problems = _load_and_check(snapshot, _quick_yaml)
    if problems:
        return _load_and_check(snapshot, load_yaml)
    return record, problems


def _load_and_check(snapshot: Snapshot, parse: Parser) -> tuple[Record | None, list[Problem]]:
    coordination, c_data, problems = _load_model(snapshot, COORDINATION_FILE, Coordination, parse)
    members, m_data, member_problems = _load_model(snapshot, MEMBERS_FILE, Members, parse)
    authorities, a_data, authority_problems = _load_model(
        snapshot, AUTHORITIES_FILE, Authorities, parse
    )
    problems += member_problems + authority_problems
    if coordination:
        problems += _check_coordination(coordination, c_data)
    if members and coordination:
        problems += _check_members(members, m_data, coordination)
    if authorities:
        problems += _duplicates(
            [a.id for a in authorities.authorities],
            a_data,
            ("authorities",),
            "id",
            AUTHORITIES_FILE,
        )
    if problems or not (coordination and members and authorities):
        return None, problems
    record = Record(coordination, tuple(members.members), tuple(authorities.authorities))
    return record, []


def _check_coordination(coordination: Coordination, data: Any) -> list[Problem]:
    problems = []
    if not 1 <= coordination.quorum_per_side <= coordination.seats_per_side:
        problems.append(
            Problem(
                "quorum_out_of_range",
                {"quorum": coordination.quorum_per_side, "seats": coordination.seats_per_side},
                file=COORDINATION_FILE,
                line=line_of(data, ("quorum_per_side",)),
            )
        )
    problems += _duplicates(
        [t.id for t in coordination.themes], data, ("themes",), "id", COORDINATION_FILE
    )
    problems += _duplicates(
        [g.id for g in coordination.working_groups],
        data,
        ("working_groups",),
        "id",
        COORDINATION_FILE,
    )
    themes = {t.id for t in coordination.themes}
    for index, group in enumerate(coordination.working_groups):
        if group.theme not in themes:
            problems.append(
                Problem(
                    "unknown_reference",
                    {"kind": "theme", "value": group.theme},
                    file=COORDINATION_FILE,
                    line=line_of(data, ("working_groups", index, "theme")),
                )
            )
    return problems


def _check_members(members: Members, data: Any, coordination: Coordination) -> list[Problem]:
    problems = _duplicates([m.id for m in members.members], data, ("members",), "id", MEMBERS_FILE)
    problems += _duplicates(
        [m.email for m in members.members], data, ("members",), "email", MEMBERS_FILE
    )
    groups = {g.id for g in coordination.working_groups}
    for index, member in enumerate(members.members):
        for position, group in enumerate(member.groups):
            if group not in groups:
                problems.append(
                    Problem(
                        "unknown_reference",
                        {"kind": "group", "value": group},
                        file=MEMBERS_FILE,
                        line=line_of(data, ("members", index, "groups", position)),
                    )
                )
    return problems + _check_chairs(members, data) + _check_seats(members, data, coordination)


def _check_seats(members: Members, data: Any, coordination: Coordination) -> list[Problem]:
    """No side may have more sitting members than seats on any day (the parity itself).

    Reported once per side, on the first such day, at the first member beyond the
    seats in the file's order.
    """
    seats = coordination.seats_per_side
    problems = []
    reported: set[Side] = set()
    for side, day, count in sitting_overflow(members.members, seats):
        if side in reported:
            continue
        reported.add(side)
        extra = sitting(members.members, side, day)[seats]
        problems.append(
            Problem(
                "too_many_sitting",
                {"side": side.value, "day": day.isoformat(), "count": count, "seats": seats},
                file=MEMBERS_FILE,
                line=line_of(data, ("members", members.members.index(extra))),
            )
        )
    return problems


def _check_chairs(members: Members, data: Any) -> list[Problem]:
    """A president and a vice-president of the same side (or one person holding both).

    Reported at the vice-president's role, whatever the number of chairs listed:
    the parity rule holds for every pair, not only when exactly two are named.
    """
    presidents = {m.side for m in members.members if Role.PRESIDENT in m.roles}
    return [
        Problem(
            "chairs_same_side",
            {"side": member.side.value},
            file=MEMBERS_FILE,
            line=line_of(
                data, ("members", index, "roles", member.roles.index(Role.VICE_PRESIDENT))
            ),
        )
        for index, member in enumerate(members.members)
        if Role.VICE_PRESIDENT in member.roles and member.side in presidents
    ]


def _duplicates(
    values: list[str], data: Any, where: tuple[str, ...], key: str, file: str
) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for index, value in enumerate(values):
        if value in seen:
            problems.append(
                Problem(
                    "duplicate",
                    {"field": key, "value": value},
                    file=file,
                    line=line_of(data, (*where, index, key)),
                )
            )
        seen.add(value)
    return problems


def interpellation_ids(snapshot: Snapshot) -> Iterator[InterpellationId]:
    """Every interpellation folder of a version, by year then slug."""
    for year in snapshot.list(INTERPELLATIONS_DIR):
        for slug in snapshot.list(f"{INTERPELLATIONS_DIR}/{year}"):
            try:
                yield InterpellationId(int(year), slug)
            except (DomainError, ValueError):
                continue

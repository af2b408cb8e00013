"""Every problem of the record at a version, with its file and line, for `check` and the service.

`check_version` goes through every file of the repository, so a coordinator can
repair a hand edit; the guard on pushes refuses a tree it finds errors in, and the
service serves a broken part read-only (`health`). The three files of the
coordination are checked when they are loaded (`loading`); here, the sizes, the
folders, the texts and the journals.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interpellations.blobcache import parsed
from interpellations.errors import DomainError, InvalidDocument
from interpellations.record.document import (
    Text,
    front_matter_line,
    parse_text,
    text_file,
    text_language,
)
from interpellations.record.ids import INTERPELLATIONS_DIR, InterpellationId
from interpellations.record.interpellation import Interpellation
from interpellations.record.journal import read_journal
from interpellations.record.loading import (
    JOURNAL_FILE,
    RECORD_FILES,
    Record,
    interpellation_ids,
    load_and_check,
    load_yaml,
)
from interpellations.record.problems import Problem, blocking, line_of
from interpellations.record.store import Snapshot
from interpellations.record.store.limits import Limits, kilobytes


def check_version(snapshot: Snapshot, limits: Limits | None = None) -> list[Problem]:
    """Every problem of the record at a version: sizes, files, references, texts, journals.

    A file over its limit is reported and never parsed: reading a 60 MB text to
    find its errors is what the limit is there to prevent.
    """
    oversized = size_problems(snapshot, limits or Limits())
    skipped = frozenset(problem.file for problem in oversized)
    record, problems = (None, []) if skipped & set(RECORD_FILES) else load_and_check(snapshot)
    problems = oversized + problems + _check_folders(snapshot)
    for iid in interpellation_ids(snapshot):
        problems += check_interpellation(snapshot, iid, record, skipped)
    return problems


def size_problems(
    snapshot: Snapshot, limits: Limits, folder: str = "", sizes: Mapping[str, int] | None = None
) -> list[Problem]:
    """The files (under `folder`) larger than the repository allows, with size and limit;
    `sizes`: the whole tree's, when they were read already."""
    if sizes is None:
        sizes = snapshot.sizes(folder)
    below = f"{folder}/" if folder else ""
    return [
        too_large(path, size, limits)
        for path, size in sorted(sizes.items())
        if path.startswith(below) and size > limits.limit_for(path)
    ]


def too_large(path: str, size: int, limits: Limits) -> Problem:
    return Problem(
        "file_too_large",
        {"size": kilobytes(size), "limit": kilobytes(limits.limit_for(path))},
        file=path,
    )


def _check_folders(snapshot: Snapshot) -> list[Problem]:
    problems = []
    for year in snapshot.list(INTERPELLATIONS_DIR):
        for slug in snapshot.list(f"{INTERPELLATIONS_DIR}/{year}"):
            try:
                InterpellationId(int(year), slug)
            except (DomainError, ValueError):
                problems.append(
                    Problem("bad_folder_name", file=f"{INTERPELLATIONS_DIR}/{year}/{slug}")
                )
    return problems


def check_interpellation(
    snapshot: Snapshot,
    iid: InterpellationId,
    record: Record | None,
    skipped: frozenset[str] = frozenset(),
) -> list[Problem]:
    """The problems of one interpellation's texts and journal (those in `skipped` unread)."""
    problems: list[Problem] = []
    names = snapshot.list(iid.folder)
    languages = [lang for name in names if (lang := text_language(name))]
    if not any(lang.value == "fr" for lang in languages):
        problems.append(Problem("french_text_missing", file=iid.path("texte.fr.md")))
    for name in names:
        language = text_language(name)
        if language is None or iid.path(name) in skipped:
            continue
        problems += _check_text(snapshot, iid, name, language, record)
    if iid.path(JOURNAL_FILE) not in skipped:
        problems += _check_journal(snapshot, iid, record)
    return problems


def _check_text(
    snapshot: Snapshot, iid: InterpellationId, name: str, language: Any, record: Record | None
) -> list[Problem]:
    file = iid.path(name)
    raw = snapshot.read(file) or b""
    try:
        # shared with `load_interpellation`: a text is parsed once per content
        text = parsed(
            snapshot.blob_id(file), file, lambda: parse_text(raw.decode("utf-8"), language, file)
        )
    except UnicodeDecodeError:
        return [Problem("not_utf8", file=file)]
    except InvalidDocument as error:
        return list(error.params["problems"])
    problems = list(text.problems)
    if record is not None:
        problems += reference_problems(text, record, file)
    return problems + _followed_problems(snapshot, text, file)


def _followed_problems(snapshot: Snapshot, text: Text, file: str) -> list[Problem]:
    """A follow-up names an interpellation that exists (a hand edit may have broken it)."""
    follows = text.front.follows
    if follows is None or snapshot.list(InterpellationId.parse(follows).folder):
        return []
    line = front_matter_line(text.raw, "follows")
    return [Problem("unknown_reference", {"kind": "interpellation", "value": follows}, file, line)]


def loaded_problems(read: Interpellation, record: Record) -> list[Problem]:
    """What `check_interpellation` would find in an interpellation already loaded, cheaply.

    For every act: the texts are parsed once and cached, so this costs no parse.
    Lines of the journal are not known here (the service shows them from `health`).
    """
    problems = []
    for language, text in read.texts.items():
        file = read.id.path(text_file(language))
        problems += blocking(list(text.problems)) + reference_problems(text, record, file)
    problems += [
        Problem(
            "unknown_reference",
            {"kind": "member", "value": event.by},
            file=read.id.path(JOURNAL_FILE),
        )
        for event in read.journal.events
        if record.member(event.by) is None
    ]
    return problems


def reference_problems(text: Text, record: Record, file: str) -> list[Problem]:
    """Theme, group and authorities of a front matter that the record does not know."""
    front = text.front
    themes = {t.id for t in record.coordination.themes}
    groups = {g.id for g in record.coordination.working_groups}
    refs: list[tuple[str, str, bool, tuple[str | int, ...]]] = [
        ("theme", front.theme, front.theme in themes, ("theme",)),
        ("group", front.group, front.group in groups, ("group",)),
    ]
    for key in ("addressees", "copies"):
        refs += [
            ("authority", value, record.authority(value) is not None, (key, position))
            for position, value in enumerate(getattr(front, key))
        ]
    return [
        Problem(
            "unknown_reference",
            {"kind": kind, "value": value},
            file=file,
            line=front_matter_line(text.raw, *loc),
        )
        for kind, value, known, loc in refs
        if not known
    ]


def _check_journal(
    snapshot: Snapshot, iid: InterpellationId, record: Record | None
) -> list[Problem]:
    file = iid.path(JOURNAL_FILE)
    try:
        journal = read_journal(snapshot, iid)  # parsed once per content, fast when valid
    except InvalidDocument as error:
        return list(error.params["problems"])
    unknown = [
        index
        for index, event in enumerate(journal.events)
        if record is not None and record.member(event.by) is None
    ]
    if not unknown:
        return []
    data, _ = load_yaml(snapshot.read(file) or b"", file)  # the lines, only to point at them
    return [
        Problem(
            "unknown_reference",
            {"kind": "member", "value": journal.events[index].by},
            file=file,
            line=line_of(data, ("events", index, "by")),
        )
        for index in unknown
    ]

"""The text of an interpellation: front matter, the three sections, the text id.

A text is Markdown (`texte.fr.md`, and `texte.nl.md` when there is a Dutch
version) that starts with a YAML front matter. Its sections are the level-2
headings Constats / Avis / Propositions (Vaststellingen / Advies / Voorstellen);
a missing one is reported, never invented. The proposals are the numbered list
under Propositions, so an answer can later be classified proposal by proposal.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from pydantic import ValidationError

from interpellations.errors import InvalidDocument
from interpellations.record.model import FrontMatter, Language
from interpellations.record.problems import Problem, line_of, problems_from_validation
from interpellations.yamlio import (
    FastYAMLError,
    LinedYAMLError,
    dump_data,
    fast_load,
    load_with_lines,
)

SECTION_KEYS = ("constats", "avis", "propositions")
HEADINGS: dict[Language, dict[str, str]] = {
    Language.FR: {"constats": "Constats", "avis": "Avis", "propositions": "Propositions"},
    Language.NL: {"constats": "Vaststellingen", "avis": "Advies", "propositions": "Voorstellen"},
}
TEXT_MAX = 200_000  # characters of one language's text: some twenty pages of a letter
TEXT_PREFIX = "texte."
TEXT_SUFFIX = ".md"
HEADING_RE = re.compile(r"^##[ \t]+(.+?)[ \t#]*$")
PROPOSAL_RE = re.compile(r"^(\d{1,3})[.)][ \t]+(.*)$")


def text_file(language: Language) -> str:
    return f"{TEXT_PREFIX}{language.value}{TEXT_SUFFIX}"


def text_language(name: str) -> Language | None:
    """The language of a text file name (`texte.nl.md` → nl), or None for other files."""
    if not (name.startswith(TEXT_PREFIX) and name.endswith(TEXT_SUFFIX)):
        return None
    code = name[len(TEXT_PREFIX) : -len(TEXT_SUFFIX)]
    return Language(code) if code in Language._value2member_map_ else None


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    body: str
    line: int


@dataclass(frozen=True)
class Text:
    """One language version of an interpellation, parsed."""

    language: Language
    front: FrontMatter
    sections: Mapping[str, Section]
    raw: str
    problems: tuple[Problem, ...] = field(default=())

    @property
    def proposals(self) -> list[str]:
        section = self.sections.get("propositions")
        return parse_proposals(section.body) if section else []

    def section_body(self, key: str) -> str:
        section = self.sections.get(key)
        return section.body if section else ""


def split_front_matter(raw: str, file: str) -> tuple[str, str, int]:
    """Return (yaml, body, first body line); refuse a text without front matter."""
    if not raw.startswith("---\n"):
        raise InvalidDocument(problems=[Problem("front_matter_missing", file=file, line=1)])
    end = raw.find("\n---\n", 3)
    if end < 0:
        end_at_eof = raw.endswith("\n---") and len(raw) > 4
        if not end_at_eof:
            raise InvalidDocument(problems=[Problem("front_matter_unclosed", file=file, line=1)])
        end = len(raw) - 4
    head = raw[4 : end + 1]
    body = raw[end + 5 :]
    return head, body, head.count("\n") + 3


def front_matter_line(raw: str, *loc: str | int) -> int | None:
    """The line in the file of a front matter field (`"addressees", 1`: its second item).

    For a problem found after parsing (an addressee the record does not know), so
    that it too is reported with its line.
    """
    try:
        head, _, _ = split_front_matter(raw.replace("\r\n", "\n"), "")
        data = load_with_lines(head)
    except (InvalidDocument, LinedYAMLError):
        return None
    line = line_of(data, loc)
    return None if line is None else line + 1  # the opening `---` is line 1


def parse_front_matter(head: str, file: str) -> FrontMatter:
    try:
        data = fast_load(head)
        if isinstance(data, dict):
            return FrontMatter.model_validate(data)
    except (FastYAMLError, ValidationError):
        pass  # read it again slowly, to say what is wrong and at which line
    try:
        data = load_with_lines(head)
    except LinedYAMLError as error:
        line = (error.line or 0) + 2
        problem = Problem("yaml_syntax", {"detail": error.problem}, file=file, line=line)
        raise InvalidDocument(problems=[problem]) from error
    if not isinstance(data, dict):
        raise InvalidDocument(problems=[Problem("front_matter_not_mapping", file=file, line=2)])
    try:
        return FrontMatter.model_validate(dict(data))
    except ValidationError as error:
        problems = problems_from_validation(error, data, file, line_offset=1)
        raise InvalidDocument(problems=problems) from error


def parse_text(raw: str, language: Language, file: str = "") -> Text:
    """Parse one text; malformed front matter raises, missing sections are listed.

    Windows line endings (a text saved by hand on a coordinator's PC) are read as
    plain newlines; `raw`, and so the text id, keeps the exact bytes.
    """
    file = file or text_file(language)
    head, body, first_line = split_front_matter(raw.replace("\r\n", "\n"), file)
    front = parse_front_matter(head, file)
    sections, problems = _sections(body, language, file, first_line)
    if front.language != language:
        problems.append(
            Problem(
                "language_mismatch",
                {"declared": front.language.value, "file_language": language.value},
                file=file,
                line=2,
            )
        )
    propositions = sections.get("propositions")
    if propositions and not parse_proposals(propositions.body):
        problems.append(Problem("proposals_not_numbered", file=file, line=propositions.line))
    return Text(language, front, sections, raw, tuple(problems))


def _sections(
    body: str, language: Language, file: str, first_line: int
) -> tuple[dict[str, Section], list[Problem]]:
    by_heading = {heading.casefold(): key for key, heading in HEADINGS[language].items()}
    found: dict[str, tuple[str, int, list[str]]] = {}
    problems: list[Problem] = []
    current: list[str] | None = None
    for number, line in enumerate(body.split("\n"), start=first_line):
        match = HEADING_RE.match(line)
        if match:
            key = by_heading.get(match.group(1).strip().casefold())
            if key is None:
                problems.append(
                    Problem("unknown_section", {"heading": match.group(1)}, file=file, line=number)
                )
                current = None
            elif key in found:
                problems.append(
                    Problem(
                        "duplicate_section", {"heading": match.group(1)}, file=file, line=number
                    )
                )
                current = None
            else:
                current = []
                found[key] = (match.group(1).strip(), number, current)
            continue
        if current is not None:
            current.append(line)
    sections = {
        key: Section(key, heading, "\n".join(lines).strip("\n"), number)
        for key, (heading, number, lines) in found.items()
    }
    for key in SECTION_KEYS:
        if key not in sections:
            problems.append(
                Problem("missing_section", {"heading": HEADINGS[language][key]}, file=file)
            )
    return {key: sections[key] for key in SECTION_KEYS if key in sections}, problems


def parse_proposals(body: str) -> list[str]:
    """The numbered proposals of the Propositions section, continuation lines joined.

    As in Markdown, a line right below an item continues it even unindented (a
    "lazy" line, common in hand-typed text); after a blank line only an indented
    line does, so a closing paragraph is not taken for part of the last proposal.
    """
    proposals: list[str] = []
    in_item = after_blank = False
    for line in body.split("\n"):
        match = PROPOSAL_RE.match(line)
        if match:
            proposals.append(match.group(2).strip())
            in_item = True
        elif line.strip():
            continues = line.startswith((" ", "\t")) or not after_blank
            if in_item and continues:
                proposals[-1] += " " + line.strip()
            else:
                in_item = False
        after_blank = not line.strip()
    return proposals


def render_text(front: FrontMatter, sections: Mapping[str, str]) -> str:
    """Write a text from its front matter and section bodies (a new interpellation)."""
    unset = {"follows"} if front.follows is None else set()  # no `follows: null` in every text
    head = dump_data(front.model_dump(mode="json", exclude=unset), inline_lists=True).decode()
    parts = [f"---\n{head}---\n"]
    for key in SECTION_KEYS:
        parts.append(f"\n## {HEADINGS[front.language][key]}\n\n{sections.get(key, '').strip()}\n")
    return "".join(parts)


def text_id(files: Mapping[str, bytes]) -> str:
    """SHA-256 of the exact text files: `name NUL bytes NUL`, in name order.

    Front matter included and every language present, so a change of any byte of
    any language gives another id, and the same files always give the same id.
    """
    digest = hashlib.sha256()
    for name in sorted(files):
        if text_language(name) is None:
            continue
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return digest.hexdigest()

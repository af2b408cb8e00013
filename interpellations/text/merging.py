"""Three-way merge of a stale edit with what was saved meanwhile.

Line by line, like git: changes to different paragraphs (a Markdown paragraph
is a line, or a few) merge; changes to the same paragraph are a conflict, and
then nothing is committed and both texts go back to the writer.
"""

from __future__ import annotations

from dataclasses import dataclass

import merge3


@dataclass(frozen=True)
class MergeOutcome:
    text: str
    conflicts: int

    @property
    def clean(self) -> bool:
        return self.conflicts == 0


def merge_texts(base: str, mine: str, theirs: str) -> MergeOutcome:
    """Merge `mine` and `theirs`, both made from `base`; conflict blocks carry markers."""
    if mine == theirs or theirs == base:
        return MergeOutcome(mine, 0)
    if mine == base:
        return MergeOutcome(theirs, 0)
    merger = merge3.Merge3(
        base.splitlines(keepends=True),
        mine.splitlines(keepends=True),
        theirs.splitlines(keepends=True),
    )
    conflicts = sum(1 for group in merger.merge_groups() if group[0] == "conflict")
    lines = merger.merge_lines(
        name_a="votre version",
        name_b="version enregistrée entre-temps",
        start_marker="<<<<<<<",
        mid_marker="=======",
        end_marker=">>>>>>>",
    )
    return MergeOutcome("".join(lines), conflicts)


@dataclass(frozen=True)
class Region:
    """A stretch of a merge, in order: the same in both, changed by one side, or by both.

    `kind` is `same`, `mine`, `theirs` or `conflict`; a conflict keeps the three
    versions of its lines so that the writer can choose between them.
    """

    kind: str
    base: str
    mine: str
    theirs: str

    @property
    def merged(self) -> str:
        """The region's text when nobody needs to choose (a conflict keeps the writer's)."""
        return self.theirs if self.kind == "theirs" else self.mine


KINDS = {"unchanged": "same", "same": "same", "a": "mine", "b": "theirs", "conflict": "conflict"}
CHOICES = ("mine", "theirs", "edit")


def merge_regions(base: str, mine: str, theirs: str) -> list[Region]:
    """The regions of the merge of `mine` and `theirs`, both made from `base`."""
    merger = merge3.Merge3(
        base.splitlines(keepends=True),
        mine.splitlines(keepends=True),
        theirs.splitlines(keepends=True),
    )
    regions = []
    for group in merger.merge_groups():
        kind = KINDS[group[0]]
        if kind == "conflict":
            old, ours, other = ("".join(lines or []) for lines in group[1:])
            regions.append(Region(kind, old, ours, other))
        else:
            text = "".join(group[1])
            regions.append(Region(kind, text if kind == "same" else "", text, text))
    return regions


def resolve_regions(regions: list[Region], choices: dict[int, tuple[str, str]]) -> str:
    """The text once each conflict is settled: `choices[n]` is (choice, edited text).

    A conflict without a choice keeps the writer's version: their words are never
    dropped for lack of a click.
    """
    parts = []
    conflict = 0
    for region in regions:
        if region.kind != "conflict":
            parts.append(region.merged)
            continue
        choice, edited = choices.get(conflict, ("mine", ""))
        conflict += 1
        if choice == "theirs":
            parts.append(region.theirs)
        elif choice == "edit":
            parts.append(edited if not edited or edited.endswith("\n") else edited + "\n")
        else:
            parts.append(region.mine)
    return "".join(parts)

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

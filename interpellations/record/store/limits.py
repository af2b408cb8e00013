"""How large a file of the record may be: read from the data repository's own config.

The limits live in the repository's `config` (`git config interpellations.maxTextSize
300k`), not in the service's environment, because three programs enforce them and
only the repository is common to all three: the service's saves, `check`, and the
guard that git runs on every push (`guards`). A 62 MB text would otherwise be
served as a 62 MB page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from interpellations.record.store.gitconfig import run_git

TEXT_SUFFIX = ".md"
JOURNAL_NAME = "journal.yaml"
CONFIG_KEYS = {
    "text": "interpellations.maxTextSize",
    "journal": "interpellations.maxJournalSize",
    "file": "interpellations.maxFileSize",
}


@dataclass(frozen=True)
class Limits:
    """Bytes allowed: a text of one language, a journal, any other file (uploads to come)."""

    text: int = 200_000  # some twenty pages of a letter
    journal: int = 2_000_000  # thousands of comments and signatures
    file: int = 10_000_000

    @classmethod
    def of(cls, git_dir: Path) -> Limits:
        """The limits a repository's config sets, the defaults for those it does not."""
        values = {}
        for kind, key in CONFIG_KEYS.items():
            # `--type=int` reads git's own spellings: 300k, 2m
            raw = run_git(git_dir, "config", "--type=int", "--get", key, check=False)
            if raw.isdigit() and int(raw) > 0:
                values[kind] = int(raw)
        return cls(**values)

    def kind_of(self, path: str) -> str:
        """Which limit applies to a file of the record: text, journal or file."""
        name = path.rpartition("/")[2]
        if path.startswith("interpellations/") and name.endswith(TEXT_SUFFIX):
            return "text"
        if name == JOURNAL_NAME:
            return "journal"
        return "file"

    def limit_for(self, path: str) -> int:
        limit: int = getattr(self, self.kind_of(path))
        return limit


def kilobytes(size: int) -> str:
    """A size as the sentences give it: kilobytes, thousands apart by a narrow space."""
    return f"{size / 1000:,.0f}".replace(",", "\u202f")

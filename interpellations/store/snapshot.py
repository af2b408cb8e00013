"""One version of the data repository, read lazily from git's object database."""

from __future__ import annotations

from dataclasses import dataclass, field

import git

from interpellations.store.objects import TREE_MODE, parse_tree
from interpellations.store.refs import ZERO


@dataclass
class Snapshot:
    """The tree of one version, read lazily, folders cached while it lives."""

    repo: git.Repo
    version: str
    _trees: dict[str, dict[str, tuple[bytes, int]]] = field(default_factory=dict)

    def root_tree(self) -> bytes:
        """The binary id of this version's root tree (empty before the first commit)."""
        if self.version == ZERO:
            return b""
        data = self.repo.odb.stream(bytes.fromhex(self.version)).read()
        return bytes.fromhex(data[5:45].decode())  # "tree <40 hex>"

    def _folder(self, folder: str) -> dict[str, tuple[bytes, int]] | None:
        if folder in self._trees:
            return self._trees[folder]
        if folder == "":
            root = self.root_tree()
            entries = self._read_tree(root) if root else {}
        else:
            parent_name, _, name = folder.rpartition("/")
            parent = self._folder(parent_name)
            if parent is None or name not in parent or parent[name][1] != TREE_MODE:
                return None
            entries = self._read_tree(parent[name][0])
        self._trees[folder] = entries
        return entries

    def _read_tree(self, binsha: bytes) -> dict[str, tuple[bytes, int]]:
        data = self.repo.odb.stream(binsha).read()
        return {name: (sha, mode) for sha, mode, name in parse_tree(data)}

    def blob_id(self, path: str) -> bytes | None:
        """The object id of a file at this version: equal ids, equal bytes."""
        folder, _, name = path.rpartition("/")
        entry = self.entries(folder).get(name)
        return entry[0] if entry and entry[1] != TREE_MODE else None

    def entries(self, folder: str) -> dict[str, tuple[bytes, int]]:
        """A folder's entries (name to binary sha and mode); empty if it does not exist."""
        return self._folder(folder) or {}

    def read(self, path: str) -> bytes | None:
        """The bytes of a file at this version, or `None` if it is absent."""
        folder, _, name = path.rpartition("/")
        entries = self._folder(folder)
        if entries is None or name not in entries or entries[name][1] == TREE_MODE:
            return None
        return bytes(self.repo.odb.stream(entries[name][0]).read())

    def list(self, folder: str) -> list[str]:
        """The names in a folder at this version (empty if it does not exist)."""
        entries = self._folder(folder)
        return sorted(entries) if entries else []

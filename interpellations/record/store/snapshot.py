"""One version of the data repository, read lazily from git's object database."""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field

import git

from interpellations.record.store.objects import TREE_MODE, parse_tree
from interpellations.record.store.refs import ZERO

# A tree's id names its content: parsed trees are shared by every snapshot and
# thread. The wide ones (a year holds hundreds of interpellations) change with
# every write of that year, the narrow ones rarely; a few hundred cover both.
TREE_CACHE_SIZE = 512
_TREES: OrderedDict[bytes, dict[str, tuple[bytes, int]]] = OrderedDict()
_ROOTS: OrderedDict[str, bytes] = OrderedDict()  # commit id to its root tree id
_TREES_LOCK = threading.Lock()


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
        with _TREES_LOCK:
            cached = _ROOTS.get(self.version)
        if cached is None:
            data = self.repo.odb.stream(bytes.fromhex(self.version)).read()
            cached = bytes.fromhex(data[5:45].decode())  # "tree <40 hex>"
            with _TREES_LOCK:
                _ROOTS[self.version] = cached
                if len(_ROOTS) > TREE_CACHE_SIZE:
                    _ROOTS.popitem(last=False)
        return cached

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
        with _TREES_LOCK:
            cached = _TREES.get(binsha)
            if cached is not None:
                _TREES.move_to_end(binsha)
                return cached
        data = self.repo.odb.stream(binsha).read()
        entries = {name: (sha, mode) for sha, mode, name in parse_tree(data)}
        with _TREES_LOCK:
            _TREES[binsha] = entries
            if len(_TREES) > TREE_CACHE_SIZE:
                _TREES.popitem(last=False)
        return entries

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

    def size(self, path: str) -> int | None:
        """The size of one file at this version, unread; `None` if it is absent."""
        sha = self.blob_id(path)
        return None if sha is None else int(self.repo.odb.info(sha).size)

    def sizes(self, folder: str = "") -> dict[str, int]:
        """Every file of this version under `folder` with its size, the files left unread.

        The whole tree in one `git ls-tree` (thousands of files); a folder by its entries.
        """
        if not folder:
            return self._all_sizes()
        sizes = {}
        for name, (sha, mode) in self.entries(folder).items():
            path = f"{folder}/{name}" if folder else name
            if mode == TREE_MODE:
                sizes.update(self.sizes(path))
            elif mode != 0o160000:  # a submodule's commit is not in this repository
                sizes[path] = self.repo.odb.info(sha).size
        return sizes

    def _all_sizes(self) -> dict[str, int]:
        if self.version == ZERO:
            return {}
        out = self.repo.git.ls_tree("-r", "-l", "-z", "--full-tree", self.version)
        sizes = {}
        for entry in filter(None, out.split("\0")):
            meta, _, path = entry.partition("\t")
            _mode, kind, _sha, size = meta.split()
            if kind == "blob":
                sizes[path] = int(size)
        return sizes


@dataclass
class ChangedSnapshot(Snapshot):
    """A version with some files replaced: what a change would make, checked before it is made."""

    changes: dict[str, bytes] = field(default_factory=dict)

    def blob_id(self, path: str) -> bytes | None:
        if path in self.changes:  # a key for caches, never an object of the repository
            return hashlib.sha256(b"changed\0" + self.changes[path]).digest()
        return super().blob_id(path)

    def read(self, path: str) -> bytes | None:
        return self.changes[path] if path in self.changes else super().read(path)

    def size(self, path: str) -> int | None:
        return len(self.changes[path]) if path in self.changes else super().size(path)

    def list(self, folder: str) -> list[str]:
        added = {p.rpartition("/")[2] for p in self.changes if p.rpartition("/")[0] == folder}
        return sorted(set(super().list(folder)) | added)

    def sizes(self, folder: str = "") -> dict[str, int]:
        below = f"{folder}/" if folder else ""
        changed = {p: len(raw) for p, raw in self.changes.items() if p.startswith(below)}
        return {**super().sizes(folder), **changed}


class ThreadRepo:
    """One thread's repository, closed with the thread.

    A thread's locals are dropped when it ends (worker pools retire idle
    threads): the finaliser then closes the `git cat-file` helpers it started,
    so they do not pile up over a day of traffic.
    """

    def __init__(self, repo: git.Repo, repos: list[git.Repo], lock: threading.Lock) -> None:
        self.repo = repo
        with lock:
            repos.append(repo)
        weakref.finalize(self, _close_repo, repo, repos, lock)


def _close_repo(repo: git.Repo, repos: list[git.Repo], lock: threading.Lock) -> None:
    repo.close()
    with lock:
        # by identity: repositories of one folder compare equal
        repos[:] = [other for other in repos if other is not repo]

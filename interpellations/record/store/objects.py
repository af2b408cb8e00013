"""Durable loose objects, written in-process.

GitPython's object writer (gitdb) renames a temporary file into place without
fsync, and git's `core.fsync` does not apply to it; spawning `git hash-object`
per object costs milliseconds. So objects are written here the way git writes
them (zlib of `<type> <size>\\0<content>` under `objects/xx/…`), each file
fsynced before it is renamed and each touched folder fsynced after, which is what
`core.fsync=objects` with `core.fsyncMethod=fsync` asks of git itself.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import zlib
from collections.abc import Iterable
from pathlib import Path

TREE_MODE = 0o040000
BLOB_MODE = 0o100644
# Git's own temporary objects are `tmp_obj_XXXXXX`: ours carry a longer prefix, so
# that recovery removes our dead writers' debris and never a push's file in flight,
# and still start with `tmp_obj_`, which `git fsck` knows to ignore.
TEMP_PREFIX = "tmp_obj_interpellations_"


class DurableWriter:
    """Writes a batch of objects and makes them durable together; counts its fsyncs."""

    def __init__(self, objects_dir: Path) -> None:
        self.objects_dir = objects_dir
        self.fsyncs = 0
        self._dirty_dirs: set[Path] = set()

    def write(self, kind: bytes, content: bytes) -> bytes:
        """Store one object (if absent) and return its binary sha."""
        raw = kind + b" " + str(len(content)).encode() + b"\0" + content
        binsha = hashlib.sha1(raw, usedforsecurity=False).digest()
        hexsha = binsha.hex()
        folder = self.objects_dir / hexsha[:2]
        target = folder / hexsha[2:]
        if target.exists():
            try:
                # fresh again, as git does: a prune of old unreachable objects running
                # now (`maintenance`) must keep an object this write is about to use
                os.utime(target)
                return binsha
            except FileNotFoundError:
                pass  # pruned just now: written again below
        if not folder.is_dir():
            folder.mkdir(exist_ok=True)
            self._dirty_dirs.add(self.objects_dir)
        # A fresh name, created exclusively (as git's mkstemp does): two writers of
        # one process storing the same object must not truncate each other's file.
        temp = folder / f"{TEMP_PREFIX}{secrets.token_hex(6)}"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
        try:
            write_all(fd, zlib.compress(raw, 1))
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            temp.unlink(missing_ok=True)  # a full disk must not leave debris behind
            raise
        os.close(fd)
        self.fsyncs += 1
        os.replace(temp, target)
        self._dirty_dirs.add(folder)
        return binsha

    def blob(self, content: bytes) -> bytes:
        return self.write(b"blob", content)

    def tree(self, entries: Iterable[tuple[bytes, int, str]]) -> bytes:
        return self.write(b"tree", serialize_tree(entries))

    def flush(self) -> None:
        """Make the renames durable: fsync every folder an object was renamed into."""
        for folder in sorted(self._dirty_dirs, key=lambda p: len(p.parts), reverse=True):
            fsync_dir(folder)
            self.fsyncs += 1
        self._dirty_dirs.clear()


def write_all(fd: int, data: bytes) -> None:
    """Write every byte: `os.write` may write fewer, which would leave a truncated object."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sort_key(entry: tuple[bytes, int, str]) -> bytes:
    # git orders a tree's entries by name, a folder's name taken with a trailing "/"
    _, mode, name = entry
    key = name.encode()
    return key + b"/" if mode == TREE_MODE else key


def serialize_tree(entries: Iterable[tuple[bytes, int, str]]) -> bytes:
    """The bytes of a git tree for (binsha, mode, name) entries, in git's order."""
    out = bytearray()
    for binsha, mode, name in sorted(entries, key=_sort_key):
        out += f"{mode:o} {name}".encode() + b"\0" + binsha
    return bytes(out)


def parse_tree(data: bytes) -> list[tuple[bytes, int, str]]:
    """The (binsha, mode, name) entries of a git tree's bytes."""
    entries = []
    i = 0
    while i < len(data):
        space = data.index(b" ", i)
        nul = data.index(b"\0", space)
        mode = int(data[i:space], 8)
        name = data[space + 1 : nul].decode()
        entries.append((data[nul + 1 : nul + 21], mode, name))
        i = nul + 21
    return entries

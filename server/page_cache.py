"""The page cache: each person's pages kept a minute, in memory bounded in bytes.

A page depends on who asks (`app.page_cache_key`), so the cache is per person;
a crawler asking for unique addresses must not grow the worker without end. The
least recently used pages go first once the cache holds `max_bytes` (an LRU from
`cachetools`, sized by the bytes it keeps), expired ones as they are met.
"""

from __future__ import annotations

import datetime as dt

from anyio import Lock
from cachetools import LRUCache
from litestar.stores.base import StorageObject, Store

Kept = tuple[int, StorageObject]  # the key's length (the client chooses it), the page


def _size(kept: Kept) -> int:
    key_length, stored = kept
    return key_length + len(stored.data) + 200  # and the objects' own weight, roughly


class BoundedMemoryStore(Store):
    """Litestar's store interface over a byte-bounded LRU."""

    def __init__(self, max_bytes: int) -> None:
        self._pages: LRUCache[str, Kept] = LRUCache(maxsize=max_bytes, getsizeof=_size)
        self._lock = Lock()

    @property
    def size(self) -> int:
        """The bytes kept now (at most `max_bytes`)."""
        return int(self._pages.currsize)

    async def set(
        self, key: str, value: str | bytes, expires_in: int | dt.timedelta | None = None
    ) -> None:
        data = value.encode("utf-8") if isinstance(value, str) else value
        kept = (len(key), StorageObject.new(data=data, expires_in=expires_in))
        async with self._lock:
            if _size(kept) <= self._pages.maxsize:  # a page larger than all is not kept
                self._pages[key] = kept

    async def get(self, key: str, renew_for: int | dt.timedelta | None = None) -> bytes | None:
        async with self._lock:
            kept = self._pages.get(key)
            if kept is None:
                return None
            stored = kept[1]
            if stored.expired:
                del self._pages[key]
                return None
            if renew_for and stored.expires_at:
                stored = StorageObject.new(data=stored.data, expires_in=renew_for)
                self._pages[key] = (len(key), stored)
            return stored.data

    async def delete(self, key: str) -> None:
        async with self._lock:
            self._pages.pop(key, None)

    async def delete_all(self) -> None:
        async with self._lock:
            self._pages.clear()

    async def exists(self, key: str) -> bool:
        return await self.get(key) is not None

    async def expires_in(self, key: str) -> int | None:
        kept = self._pages.get(key)
        return kept[1].expires_in if kept else None

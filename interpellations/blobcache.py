"""What was parsed from a git blob, kept by the blob's id.

A blob's id names its exact bytes, so a parsed text or journal can be shared by
every request and thread until it falls out of the cache; a page view re-reads
only what changed since it was last shown.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

CAPACITY = 8192
_parsed: OrderedDict[tuple[bytes, str], Any] = OrderedDict()
_lock = threading.Lock()


def parsed(blob_id: bytes | None, kind: str, parse: Callable[[], T]) -> T:
    """`parse()`, or what it gave for this blob before (nothing is kept without an id)."""
    if blob_id is None:
        return parse()
    key = (blob_id, kind)
    with _lock:
        if key in _parsed:
            _parsed.move_to_end(key)
            value: T = _parsed[key]
            return value
    value = parse()
    with _lock:
        _parsed[key] = value
        if len(_parsed) > CAPACITY:
            _parsed.popitem(last=False)
    return value

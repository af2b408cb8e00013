"""The page cache stays within its bytes, however many unique addresses are asked."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from conftest import log_in, web_settings
from coordination import COORDINATOR
from litestar.testing import TestClient

from interpellations.record.store import Store
from server.app import create_app
from server.page_cache import BoundedMemoryStore

Client = TestClient  # type: ignore[type-arg]


def in_a_loop_of_its_own(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run `scenario` in its own thread and event loop: the browser tests' loop may be
    running in this process already."""
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, scenario()).result()


def test_the_least_recently_used_pages_go_first() -> None:
    async def scenario() -> None:
        store = BoundedMemoryStore(max_bytes=10_000)
        for number in range(100):
            await store.set(f"page-{number}", b"x" * 1_000, expires_in=60)
            if number >= 5:
                assert await store.get("page-0") is not None  # used again: kept
        assert store.size <= 10_000
        assert await store.get("page-0") is not None
        assert await store.get("page-1") is None  # the oldest not used again went
        assert await store.get("page-99") is not None
        await store.set("huge", b"x" * 20_000)
        assert await store.get("huge") is None  # larger than the whole cache: not kept

    in_a_loop_of_its_own(scenario)


def test_expired_pages_are_not_served() -> None:
    async def scenario() -> None:
        store = BoundedMemoryStore(max_bytes=10_000)
        await store.set("page", b"x", expires_in=-1)
        assert await store.get("page") is None
        assert store.size == 0

    in_a_loop_of_its_own(scenario)


def test_a_flood_of_unique_addresses_stays_within_the_bound(
    registre: Store, tmp_path: Path
) -> None:
    bound = 200_000
    settings = web_settings(registre, tmp_path).model_copy(update={"page_cache_bytes": bound})
    with TestClient(create_app(settings)) as client:
        assert log_in(client, COORDINATOR).status_code == 303
        store = client.app.stores.get("pages")
        assert isinstance(store, BoundedMemoryStore)
        sizes = []
        for number in range(60):
            assert client.get("/", params={"q": f"mot{number}"}).status_code == 200
            sizes.append(store.size)
        assert max(sizes) <= bound
        assert sizes[-1] > bound // 2  # full, and kept full by evicting, not emptied

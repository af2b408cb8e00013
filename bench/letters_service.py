"""Twenty letters asked of the service at once: its memory while it renders them.

The service (`python -m server`, granian, one worker, as `make serve` runs it) is
started on the demo's registre; a coordinator logged in through the API asks for
the approved text's PDF letter twenty times at once, each from its own connection.
The service's process tree is read every 20 ms while the answers come: its worker
(the largest Python process) and the whole tree, pandoc's processes included. The
worker's own high-water mark (`VmHWM`) is read at the end too.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from bench.signing import READY_TIMEOUT, api_session, set_passwords, start_service
from bench.web_server import Server, footprint, request, wait_for, worker_pid
from interpellations.record.ids import InterpellationId

SAMPLE_SECONDS = 0.02
COORDINATOR = "thomas.lejeune@cpas-hautvallon.example"


def letters_at_once(
    root: Path, iid: InterpellationId, authority: str, count: int
) -> dict[str, Any]:
    """`count` PDF letters asked of the service at once, on the registre at `root/data`."""
    accounts = root / "accounts.sqlite"
    set_passwords(accounts)
    service = start_service(root, accounts)
    try:
        wait_for(service, "/readyz", READY_TIMEOUT)
        headers = {"Authorization": f"Bearer {api_session(service, COORDINATOR)}"}
        path = f"/api/interpellations/{iid}/letters/{authority}?format=pdf"
        _ask(service, path, headers)  # warm: fonts loaded, pandoc in the page cache
        return _burst(service, path, headers, count)
    finally:
        service.stop()


def _burst(service: Server, path: str, headers: dict[str, str], count: int) -> dict[str, Any]:
    before = footprint(service)
    statuses: list[int] = []
    threads = [
        threading.Thread(target=lambda: statuses.append(_ask(service, path, headers)))
        for _ in range(count)
    ]
    worker_peak, tree_peak, pandocs = before.largest_mb, before.total_mb, 0
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        now = footprint(service)
        worker_peak, tree_peak = max(worker_peak, now.largest_mb), max(tree_peak, now.total_mb)
        pandocs = max(pandocs, sum(1 for pid in now.rss_kb if _name(pid) == "pandoc"))
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - began
    after = footprint(service)
    return {
        "letters": count,
        "seconds": round(seconds, 2),
        "not_200": sum(1 for status in statuses if status != 200),
        "rss_mb_worker_before": round(before.largest_mb, 1),
        "rss_mb_worker_peak": round(worker_peak, 1),
        "rss_mb_worker_high_water": round(_high_water_kb(worker_pid(service)) / 1024, 1),
        "rss_mb_worker_after": round(after.largest_mb, 1),
        "rss_mb_tree_before": round(before.total_mb, 1),
        "rss_mb_tree_peak": round(tree_peak, 1),
        "pandoc_processes_peak": pandocs,
    }


def _ask(service: Server, path: str, headers: dict[str, str]) -> int:
    answer = request(service.port, "GET", path, headers=headers, timeout=120.0)
    if answer.status == 200 and not answer.body.startswith(b"%PDF"):
        raise RuntimeError(f"{path} answered 200 without a PDF")
    return answer.status


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _high_water_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((line for line in text.splitlines() if line.startswith("VmHWM:")), "VmHWM: 0")
    return int(line.split()[1])

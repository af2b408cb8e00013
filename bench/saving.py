"""Writing through HTTP: a working copy kept, a version saved, at 100 and 40,000 commits.

The registre is built and grown as the signing benchmark builds it (the store
benchmark's corpus, then edits and comments). At each size the service runs as
`python -m server`, and a member of the text's working group, through the API:

- keeps a working copy (`PUT …/autosave`: the service's database, no commit),
  the French text with one more line each time;
- saves a version (`PUT …/text` from the version it last saw: one durable
  commit through the pipeline and the index), one more line each time.

Reports the median and p95 of each, the ratio large / small, and each beside the
closest peer's save measured in `../shared/anchors/peer-otterwiki.md` (~110 ms).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import Outcome, measured_in_a_folder
from bench.datarepo import Grower, build_repository, commit_count
from bench.report import ms
from bench.signing import (
    MEASURED,
    READY_TIMEOUT,
    api_session,
    prepare_measured,
    set_passwords,
    start_service,
)
from bench.stats import summarize
from bench.web_server import Server, request, wait_for
from interpellations.demo.build import demo_record
from interpellations.record.interpellation import load_interpellation
from interpellations.record.model import Role
from interpellations.record.store import Store

NAME = "saving"
PEER_SAVE_MS = 110.0  # An Otter Wiki's page save, as measured in peer-otterwiki.md
OPERATIONS = ("autosave", "save")


def add_arguments(group: argparse._ArgumentGroup) -> None:
    group.add_argument("--saving-small", type=int, default=100, help="commits; default: 100")
    group.add_argument("--saving-large", type=int, default=40_000, help="default: 40000")
    group.add_argument("--saving-count", type=int, default=60, help="calls of each per size")
    group.add_argument("--saving-interpellations", type=int, default=200, help="default: 200")
    group.add_argument("--saving-seed", type=int, default=2026)


def run(options: argparse.Namespace) -> Outcome:
    data = measured_in_a_folder("saving", lambda root: _run_in(root, options))
    return Outcome(format_table(data), data)


def _run_in(root: Path, options: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(options.saving_seed)
    _say(f"building {options.saving_interpellations} interpellations")
    imported = build_repository(root / "data", options.saving_interpellations, 20, rng)
    store = imported.store
    prepare_measured(store)
    writer = next(m.email for m in demo_record()[1].members if Role.COORDINATOR in m.roles)
    grower = Grower(store, list(imported.specs), rng, itertools.count(2))
    accounts = root / "accounts.sqlite"
    set_passwords(accounts)
    points: dict[str, Any] = {}
    try:
        for size in (options.saving_small, options.saving_large):
            start_count = commit_count(store)
            if size > start_count:
                _say(f"growing the history from {start_count:,} to {size:,} commits")
                grower.grow_to(size, start_count)
            history = commit_count(store)
            store.close()
            measured = _measure(root, accounts, writer, options.saving_count)
            points[str(size)] = {"commits": history} | measured
            store = Store.open(root / "data")
            grower.store = store
    finally:
        store.close()
    small, large = (points[str(s)] for s in (options.saving_small, options.saving_large))
    return {
        "sizes": points,
        "ratios": {
            op: {
                "median": round(large[op]["median_ms"] / small[op]["median_ms"], 2),
                "p95": round(large[op]["p95_ms"] / small[op]["p95_ms"], 2),
                "peer_over_large_median": round(PEER_SAVE_MS / large[op]["median_ms"], 1),
            }
            for op in OPERATIONS
        },
        "peer_save_ms": PEER_SAVE_MS,
        "machine": {"cpus": os.cpu_count()},
    }


def _measure(root: Path, accounts: Path, writer: str, count: int) -> dict[str, Any]:
    service = start_service(root, accounts)
    try:
        wait_for(service, "/readyz", READY_TIMEOUT)
        headers = {
            "Authorization": f"Bearer {api_session(service, writer)}",
            "Content-Type": "application/json",
        }
        store = Store.open(root / "data")
        try:
            french = load_interpellation(store.snapshot(), MEASURED).files["texte.fr.md"].decode()
            version = store.head()
        finally:
            store.close()
        path = f"/api/interpellations/{MEASURED}"
        lines = itertools.count()

        def autosave() -> None:
            body = {"base": version, "texts": {"fr": f"{french}\nLigne {next(lines)}.\n"}}
            _put(service, f"{path}/autosave", body, headers)

        def save() -> None:
            nonlocal french, version
            french = f"{french}\nLigne enregistrée {next(lines)}.\n"
            answer = _put(
                service, f"{path}/text", {"base": version, "texts": {"fr": french}}, headers
            )
            version = answer["version"]

        return {op: _timed(call, count) for op, call in (("autosave", autosave), ("save", save))}
    finally:
        service.stop()


def _put(service: Server, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    answer = request(service.port, "PUT", path, body=json.dumps(body).encode(), headers=headers)
    if answer.status != 200:
        raise SystemExit(f"{path} refused ({answer.status}): {answer.body[:300]!r}")
    return json.loads(answer.body)


def _timed(call: Callable[[], None], count: int) -> dict[str, Any]:
    seconds = []
    for _ in range(count + 3):
        began = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - began)
    stats = summarize(seconds[3:])  # the first three warm the caches
    return {
        "count": count,
        "median_ms": round(stats.median_ms, 2),
        "p95_ms": round(stats.p95_ms, 2),
    }


def format_table(data: dict[str, Any]) -> str:
    lines = ["Writing through HTTP (PUT …/autosave: no commit; PUT …/text: one durable commit)", ""]
    for point in data["sizes"].values():
        for op, label in (("autosave", "working copy"), ("save", "save version")):
            figures = point[op]
            lines.append(
                f"  {point['commits']:>6,} commits, {label:<12}: median {ms(figures['median_ms'])}"
                f" ms, p95 {ms(figures['p95_ms'])} ms over {figures['count']} calls"
            )
    for op, ratio in data["ratios"].items():
        lines.append(
            f"  {op}: large / small median ×{ratio['median']}, p95 ×{ratio['p95']}; "
            f"the peer's save ({data['peer_save_ms']:.0f} ms) is ×{ratio['peer_over_large_median']}"
            " the large median"
        )
    return "\n".join(lines)


def _say(message: str) -> None:
    print(f"[saving] {message}", file=sys.stderr, flush=True)

"""A signature through HTTP, at 100 and at 40,000 commits of history.

1. Build a registre of the demo coordination with the store benchmark's corpus
   (imported in batches) and one text created and submitted through the act
   pipeline, then grow its history with edits and comments to the first size.
2. Start the service (`python -m server`, one process) on 127.0.0.1, open an API
   session for a seated committee member, and time `POST …/signatures` (the
   exact text id), each followed by an untimed `DELETE …/signatures/me`: every
   signature is a durable commit through the whole pipeline and the index.
3. Stop the service, grow the same history to the second size, and measure again.

Reports the median and p95 of each size and their ratio (large / small).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

from bench import Outcome, measured_in_a_folder
from bench.datarepo import Grower, build_repository, commit_count
from bench.report import ms
from bench.stats import Stats, summarize
from bench.web_server import Server, free_port, request, start, wait_for
from interpellations.acts.committee import submit
from interpellations.acts.drafting import create_interpellation
from interpellations.demo.build import demo_record
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.model import FrontMatter, Role
from interpellations.record.store import Store
from server.accounts import Accounts

NAME = "signing"
PASSWORD = "bench-signing-password"  # noqa: S105 - a throwaway account in a temporary folder
MEASURED = InterpellationId(2026, "bench-signature")
READY_TIMEOUT = 300.0


def add_arguments(group: argparse._ArgumentGroup) -> None:
    group.add_argument("--signing-small", type=int, default=100, help="commits; default: 100")
    group.add_argument("--signing-large", type=int, default=40_000, help="default: 40000")
    group.add_argument("--signing-count", type=int, default=60, help="signatures per size")
    group.add_argument("--signing-interpellations", type=int, default=200, help="default: 200")
    group.add_argument("--signing-seed", type=int, default=2026)


def run(options: argparse.Namespace) -> Outcome:
    data = measured_in_a_folder("signing", lambda root: _run_in(root, options))
    return Outcome(format_table(data), data)


def _run_in(root: Path, options: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(options.signing_seed)
    _say(f"building {options.signing_interpellations} interpellations")
    imported = build_repository(root / "data", options.signing_interpellations, 20, rng)
    store = imported.store
    signer = prepare_measured(store)
    grower = Grower(store, list(imported.specs), rng, itertools.count(2))
    accounts = root / "accounts.sqlite"
    set_passwords(accounts)
    points: dict[str, Any] = {}
    try:
        for size in (options.signing_small, options.signing_large):
            start_count = commit_count(store)
            if size > start_count:
                _say(f"growing the history from {start_count:,} to {size:,} commits")
                grower.grow_to(size, start_count)
            history = commit_count(store)
            store.close()
            points[str(size)] = {"commits": history} | _measure(
                root, accounts, signer, options.signing_count
            )
            store = Store.open(root / "data")
            grower.store = store
    finally:
        store.close()
    small, large = (points[str(s)] for s in (options.signing_small, options.signing_large))
    return {
        "sizes": points,
        "ratio_median": round(large["median_ms"] / small["median_ms"], 2),
        "ratio_p95": round(large["p95_ms"] / small["p95_ms"], 2),
        "machine": {"cpus": os.cpu_count()},
    }


def prepare_measured(store: Store) -> str:
    """One text submitted through the pipeline; the seated member who will sign it."""
    record = demo_record()
    coordinator = next(m.email for m in record[1].members if Role.COORDINATOR in m.roles)
    front = FrontMatter(
        title="Mesure d'une signature",
        theme=record[0].themes[0].id,
        group=record[0].working_groups[0].id,
        addressees=[record[2].authorities[0].id],
        copies=[],
    )
    sections = {
        "constats": "Les délais s'allongent.",
        "avis": "La coordination estime qu'il faut agir.",
        "propositions": "1. Agir.",
    }
    create_interpellation(store, coordinator, front, sections, slug=MEASURED.slug)
    submit(store, coordinator, MEASURED)
    return next(m.email for m in record[1].members if Role.PRESIDENT in m.roles)


def set_passwords(path: Path) -> None:
    accounts = Accounts(path)
    try:
        for member in demo_record()[1].members:
            accounts.set_password(member.email, PASSWORD)
    finally:
        accounts.close()


def _measure(root: Path, accounts: Path, signer: str, count: int) -> dict[str, Any]:
    service = start_service(root, accounts)
    try:
        wait_for(service, "/readyz", READY_TIMEOUT)
        token = api_session(service, signer)
        text_id = load_interpellation(Store.open(root / "data").snapshot(), MEASURED).text_id
        path = f"/api/interpellations/{MEASURED}/signatures"
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        body = json.dumps({"text_id": text_id}).encode()
        seconds = []
        for _ in range(count + 3):
            began = time.perf_counter()
            signed = request(service.port, "POST", path, body=body, headers=headers)
            seconds.append(time.perf_counter() - began)
            if signed.status != 201:
                raise SystemExit(f"signature refused ({signed.status}): {signed.body[:300]!r}")
            request(service.port, "DELETE", f"{path}/me", headers=headers)
        stats: Stats = summarize(seconds[3:])  # the first three warm the caches
    finally:
        service.stop()
    return {
        "count": count,
        "median_ms": round(stats.median_ms, 2),
        "p95_ms": round(stats.p95_ms, 2),
    }


def start_service(root: Path, accounts: Path) -> Server:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTERPELLATIONS_")}
    env.update(
        INTERPELLATIONS_DATA=str(root / "data"),
        INTERPELLATIONS_PORT=str(port),
        INTERPELLATIONS_HOST="127.0.0.1",
        INTERPELLATIONS_ACCOUNTS=str(accounts),
        INTERPELLATIONS_DEMO="false",
        INTERPELLATIONS_BASE_URL=f"http://127.0.0.1:{port}",
        INTERPELLATIONS_OUTBOX=str(root / "outbox"),
    )
    return start("service", [sys.executable, "-m", "server"], env, port, root / "service.log")


def api_session(service: Server, email: str) -> str:
    body = json.dumps({"email": email, "password": PASSWORD}).encode()
    answer = request(
        service.port, "POST", "/api/session", body=body,
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    if answer.status != 201:
        raise SystemExit(f"no API session ({answer.status}): {answer.body[:300]!r}")
    return str(json.loads(answer.body)["token"])


def format_table(data: dict[str, Any]) -> str:
    lines = ["A signature through HTTP (POST …/signatures, one durable commit each)", ""]
    for point in data["sizes"].values():
        lines.append(
            f"  {point['commits']:>6,} commits: median {ms(point['median_ms'])} ms, "
            f"p95 {ms(point['p95_ms'])} ms over {point['count']} signatures"
        )
    lines.append(f"  ratio large / small: median ×{data['ratio_median']}, p95 ×{data['ratio_p95']}")
    return "\n".join(lines)


def _say(message: str) -> None:
    print(f"[signing] {message}", file=sys.stderr, flush=True)

"""The web benchmark: the real service under `wrk`, next to a bare Litestar page.

1. Build the 2,000-interpellation repository (the store benchmark's corpus and
   import, ~100 commits), then a few hundred edits and comments: most spread over
   the corpus, some on one interpellation so its page has a history and a diff.
   Every demo member gets an account.
2. Start the service (`python -m server`, granian, one process) on a free port of
   127.0.0.1, wait for /healthz and /readyz, and log in as a coordinator by the
   form, as a browser does; the cookies go to wrk.
3. Start the bare page (`python -m bench.bare_app`, served the same way) and load
   it, then each page of the service, then the bare page again, all with the same
   wrk command (`wrk -t2 -c32 -d10s --latency`, after an unmeasured second). Any
   response that is not 2xx fails the run (a redirect to the login page means the
   cookie was lost).
4. Report requests per second, p50 and p99 for each page, its ratio to the bare
   page (the mean of its two runs), the CPU time the server spent a request (less
   sensitive to a busy machine than requests per second), the targets of issue 5,
   and the service's memory and git helpers before and after the load.
Before the pages are loaded, the list is flooded with unique addresses for 60 s
(`bench.flood`) on the service as it started, its worker's memory read every
second: the page cache must hold it under 150 MB.

Everything listens on 127.0.0.1 only, in a temporary folder removed at the end.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from markupsafe import escape

from bench import Outcome, measured_in_a_folder
from bench.corpus import Spec
from bench.datarepo import COORDINATOR, Grower, build_repository, commit_count
from bench.flood import FLOOD_PATH, flood, flood_target
from bench.machine import describe
from bench.report import ms, table, times, write_json
from bench.web_server import (
    Footprint,
    Server,
    ServerFailed,
    cookie_header,
    cpu_seconds,
    footprint,
    free_port,
    login,
    request,
    start,
    wait_for,
    worker_pid,
)
from bench.web_wrk import Load, WrkResult, run_wrk, write_script, wrk_path
from interpellations.demo.build import demo_record
from server.accounts import Accounts

NAME = "web"
PASSWORD = "bench-web-password"  # noqa: S105 - a throwaway account in a temporary folder
BARE = "bare page"
BARE_AGAIN = "bare page, again"
TARGET_PAGE = "interpellation"
UNCACHED_PAGE = "interpellation, uncached"
RATIO_MIN = 0.5
P99_MAX_MS = 100.0
READY_TIMEOUT = 180.0


@dataclass(frozen=True)
class Settings:
    interpellations: int
    batch: int
    spread: int
    focused: int
    load: Load
    warmup: int
    seed: int
    flood_seconds: int

    def flood_load(self) -> Load:
        return Load(self.load.threads, self.load.connections, self.flood_seconds)

    @classmethod
    def from_options(cls, options: argparse.Namespace) -> Settings:
        return cls(
            interpellations=options.web_interpellations,
            batch=options.web_batch,
            spread=options.web_spread,
            focused=options.web_focused,
            load=Load(options.web_threads, options.web_connections, options.web_seconds),
            warmup=options.web_warmup,
            seed=options.web_seed,
            flood_seconds=options.web_flood_seconds,
        )


def add_arguments(group: argparse._ArgumentGroup) -> None:
    group.add_argument("--web-interpellations", type=int, default=2000, help="default: 2000")
    group.add_argument("--web-batch", type=int, default=20, help="per import commit; default: 20")
    group.add_argument(
        "--web-spread", type=int, default=300, help="edits and comments over the corpus"
    )
    group.add_argument(
        "--web-focused", type=int, default=40, help="edits and comments on the measured one"
    )
    group.add_argument("--web-seconds", type=int, default=10, help="per wrk run; default: 10")
    group.add_argument("--web-connections", type=int, default=32, help="default: 32")
    group.add_argument("--web-threads", type=int, default=2, help="wrk threads; default: 2")
    group.add_argument(
        "--web-warmup", type=int, default=1, help="seconds of unmeasured load first; default: 1"
    )
    group.add_argument("--web-seed", type=int, default=2026)
    group.add_argument(
        "--web-flood-seconds", type=int, default=60, help="unique addresses, memory; default: 60"
    )


def run(options: argparse.Namespace) -> Outcome:
    settings = Settings.from_options(options)
    wrk_path()  # before anything is built: say at once when the load tool is missing
    data = measured_in_a_folder("web", lambda root: _run_in(root, settings))
    outcome = Outcome(format_table(data), data)
    failures = [page for page, figures in data["pages"].items() if figures["not_2xx"]]
    if failures:
        write_json(NAME, data)
        raise SystemExit(
            f"{outcome.text}\n\nweb benchmark FAILED: non-2xx answers on {', '.join(failures)}"
        )
    return outcome


@dataclass(frozen=True)
class Built:
    data: Path
    accounts: Path
    measured: Spec
    commits: int
    seconds: float


def _run_in(root: Path, settings: Settings) -> dict[str, Any]:
    built = _build(root, settings)
    script = write_script(root)
    uncached = write_script(root, uncached=True)
    load = [os.getloadavg()[0]]
    service = _start_service(root, built)
    bare: Server | None = None
    try:
        ready = {"healthz": wait_for(service, "/healthz", READY_TIMEOUT)}
        ready["readyz"] = wait_for(service, "/readyz", READY_TIMEOUT)
        _say(f"service ready on port {service.port} ({ready['readyz']:.1f} s)")
        cookies = login(service.port, COORDINATOR, PASSWORD)
        headers = {"Cookie": cookie_header(cookies)}
        # first, on the service as it started: what a flood of unique addresses does to it
        _say(f"flooding {FLOOD_PATH} with unique addresses for {settings.flood_seconds} s")
        flooded = flood(service, headers, uncached, settings.flood_load())
        pages = _pages(built.measured)
        for name, path in pages.items():
            _check_page(service, name, path, headers, built.measured)
        bare_port = free_port()
        bare = start(
            "bare page",
            [sys.executable, "-m", "bench.bare_app", "--port", str(bare_port)],
            _clean_environment(),
            bare_port,
            root / "bare.log",
        )
        wait_for(bare, "/", READY_TIMEOUT)
        before = footprint(service)
        # The bare page first and last: a machine whose load drifts shows it in the two.
        results = {BARE: _measure(bare, "/", {}, settings, script)}
        for name, path in pages.items():
            results[name] = _measure(service, path, headers, settings, script)
            service.check_alive()
        # built on every request, as a person acting on it sees it (their acts included)
        results[UNCACHED_PAGE] = _measure(service, pages[TARGET_PAGE], headers, settings, uncached)
        after = footprint(service)
        results[BARE_AGAIN] = _measure(bare, "/", {}, settings, script)
        worker = worker_pid(service)
        load.append(os.getloadavg()[0])
    finally:
        if bare is not None:
            bare.stop()
        service.stop()
    memory = (before, after)
    data = _assemble(settings, built, ready, pages, results, memory, worker, load, root)
    data["flood"] = flooded.as_dict()
    data["targets"].append(flood_target(flooded))
    return data


def _build(root: Path, settings: Settings) -> Built:
    began = time.perf_counter()
    rng = random.Random(settings.seed)
    _say(f"building {settings.interpellations:,} interpellations")
    imported = build_repository(root / "data", settings.interpellations, settings.batch, rng)
    store = imported.store
    try:
        specs = list(imported.specs)
        measured = rng.choice(specs)
        sessions = itertools.count(2)
        _say(f"adding {settings.focused + settings.spread} edits and comments")
        with _no_fsync():
            focused = Grower(store, [measured], rng, sessions)
            spread = Grower(store, specs, rng, sessions)
            for number in range(settings.focused + settings.spread):
                # the measured one's commits spread through the history, not all at the end
                grower = focused if number % max(1, _every(settings)) == 0 else spread
                grower.one_commit()
        commits = commit_count(store)
    finally:
        store.close()
    accounts_path = root / "accounts.sqlite"
    accounts = Accounts(accounts_path)
    try:
        for member in demo_record()[1].members:
            accounts.set_password(member.email, PASSWORD)
    finally:
        accounts.close()
    return Built(root / "data", accounts_path, measured, commits, time.perf_counter() - began)


def _every(settings: Settings) -> int:
    total = settings.focused + settings.spread
    return total // settings.focused if settings.focused else total + 1


@contextmanager
def _no_fsync() -> Iterator[None]:
    """History commits skip fsync (same files, same history); the import kept it."""
    with mock.patch("os.fsync", lambda fd: None):
        yield


def _clean_environment() -> dict[str, str]:
    """This process's environment without any INTERPELLATIONS_* setting of its own."""
    return {k: v for k, v in os.environ.items() if not k.startswith("INTERPELLATIONS_")}


def _start_service(root: Path, built: Built) -> Server:
    port = free_port()
    env = _clean_environment()
    env.update(
        INTERPELLATIONS_DATA=str(built.data),
        INTERPELLATIONS_PORT=str(port),
        INTERPELLATIONS_HOST="127.0.0.1",
        INTERPELLATIONS_ACCOUNTS=str(built.accounts),
        INTERPELLATIONS_DEMO="false",
        INTERPELLATIONS_BASE_URL=f"http://127.0.0.1:{port}",
        INTERPELLATIONS_OUTBOX=str(root / "outbox"),
    )
    _say("starting the service")
    return start("service", [sys.executable, "-m", "server"], env, port, root / "service.log")


def _pages(measured: Spec) -> dict[str, str]:
    one = f"/interpellations/{measured.iid.year}/{measured.iid.slug}"
    return {
        "home (list)": "/",
        "search ?q=logement": "/?q=logement",
        TARGET_PAGE: one,
        "diff": f"{one}/diff",
    }


def _check_page(
    server: Server, name: str, path: str, headers: dict[str, str], measured: Spec
) -> None:
    """One request before the load: a 200 HTML page, not the login page."""
    answer = request(server.port, "GET", path, headers=headers)
    if answer.status != 200:
        location = answer.header("location")
        raise ServerFailed(
            f"{name} ({path}) answered {answer.status}"
            + (f" → {location}" if location else "")
            + f"\n{server.log_tail()}"
        )
    body = answer.body.decode("utf-8", errors="replace")
    if 'action="/connexion"' in body:
        raise ServerFailed(f"{name} ({path}) shows the login form: the session was not kept")
    if path.startswith("/interpellations/") and str(escape(measured.title)) not in body:
        raise ServerFailed(f"{name} ({path}) does not show the title {measured.title!r}")


@dataclass(frozen=True)
class Measured:
    """One page under load: what wrk saw, and the server's CPU time per request."""

    wrk: WrkResult
    cpu_ms_per_request: float

    def as_dict(self) -> dict[str, Any]:
        return self.wrk.as_dict() | {"cpu_ms_per_request": round(self.cpu_ms_per_request, 3)}


def _measure(
    server: Server, path: str, headers: dict[str, str], settings: Settings, script: Path
) -> Measured:
    url = server.url(path)
    if settings.warmup:
        warmup = Load(settings.load.threads, settings.load.connections, settings.warmup)
        run_wrk(url, warmup, script, headers)
    _say(f"loading {path} on {server.name} for {settings.load.seconds} s")
    cpu = cpu_seconds(server)
    result = run_wrk(url, settings.load, script, headers)
    cpu = cpu_seconds(server) - cpu
    per_request = cpu * 1000 / result.requests if result.requests else 0.0
    _say(
        f"  {result.rate:,.0f} req/s, p50 {result.p50:.1f} ms, p99 {result.p99:.1f} ms, "
        f"{per_request:.2f} ms CPU a request"
        + (f", {result.not_2xx} NOT 2xx: {result.statuses}" if result.not_2xx else "")
    )
    return Measured(result, per_request)


def _assemble(
    settings: Settings,
    built: Built,
    ready: dict[str, float],
    pages: dict[str, str],
    results: dict[str, Measured],
    memory: tuple[Footprint, Footprint],
    worker: int,
    load: list[float],
    root: Path,
) -> dict[str, Any]:
    bares = [results[BARE], results[BARE_AGAIN]]
    bare_rate = sum(m.wrk.rate for m in bares) / len(bares)
    bare_cpu = sum(m.cpu_ms_per_request for m in bares) / len(bares)
    figures = {}
    for name, measured in results.items():
        figures[name] = measured.as_dict() | {
            "path": pages.get(name, pages[TARGET_PAGE] if name == UNCACHED_PAGE else "/"),
            "ratio_to_bare": ratio(measured.wrk.rate, bare_rate),
            "cpu_ratio_to_bare": ratio(measured.cpu_ms_per_request, bare_cpu),
        }
    before, after = memory
    return {
        "benchmark": NAME,
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": describe(root, fsyncs=10) | {"load_average_1min": load},
        "settings": {
            "interpellations": settings.interpellations,
            "batch": settings.batch,
            "spread_commits": settings.spread,
            "focused_commits": settings.focused,
            "wrk": {
                "threads": settings.load.threads,
                "connections": settings.load.connections,
                "seconds": settings.load.seconds,
                "warmup_seconds": settings.warmup,
            },
            "seed": settings.seed,
        },
        "repository": {
            "commits": built.commits,
            "build_seconds": round(built.seconds, 1),
            "measured": str(built.measured.iid),
            "ready_seconds": {k: round(v, 2) for k, v in ready.items()},
        },
        "bare_reference": {
            "requests_per_second": round(bare_rate, 1),
            "cpu_ms_per_request": round(bare_cpu, 3),
        },
        "pages": figures,
        "service": {
            "worker_pid": worker,
            "before": before.as_dict(),
            "after": after.as_dict(),
            "git_processes_added": after.git - before.git,
        },
        "targets": _targets(results, bare_rate),
    }


def ratio(value: float, reference: float) -> float | None:
    return round(value / reference, 3) if reference else None


def _targets(results: dict[str, Measured], bare_rate: float) -> list[dict[str, Any]]:
    target = results[TARGET_PAGE].wrk
    share = target.rate / bare_rate if bare_rate else 0.0
    checks = [
        {
            "what": f"{TARGET_PAGE} req/s ≥ {RATIO_MIN}× the bare page's",
            "value": round(share, 3),
            "limit": RATIO_MIN,
            "met": share >= RATIO_MIN,
        },
        {
            "what": f"{TARGET_PAGE} p99 < {P99_MAX_MS:g} ms",
            "value": target.p99,
            "limit": P99_MAX_MS,
            "met": target.p99 < P99_MAX_MS,
        },
    ]
    for name, measured in results.items():
        if name not in (BARE, BARE_AGAIN, TARGET_PAGE):
            checks.append(
                {
                    "what": f"{name} p99 < {P99_MAX_MS:g} ms (for orientation)",
                    "value": measured.wrk.p99,
                    "limit": P99_MAX_MS,
                    "met": measured.wrk.p99 < P99_MAX_MS,
                }
            )
    return checks


def format_table(data: dict[str, Any]) -> str:
    wrk = data["settings"]["wrk"]
    repo = data["repository"]
    rows = [
        [
            name,
            f"{page['requests_per_second']:,.0f}",
            ms(page["latency_ms"]["50"]),
            ms(page["latency_ms"]["99"]),
            times(page["ratio_to_bare"]),
            ms(page["cpu_ms_per_request"]),
            times(page["cpu_ratio_to_bare"]),
            str(page["not_2xx"]),
            str(sum(page["socket_errors"].values())),
        ]
        for name, page in data["pages"].items()
    ]
    before, after = data["service"]["before"], data["service"]["after"]
    machine = data["machine"]
    bare = data["bare_reference"]
    lines = [
        f"Pages under wrk -t{wrk['threads']} -c{wrk['connections']} -d{wrk['seconds']}s "
        f"--latency on 127.0.0.1, each served by granian (one process, ASGI); "
        f"{machine['cpus']} CPUs, load average "
        + " → ".join(f"{value:.1f}" for value in machine["load_average_1min"]),
        f"repository: {data['settings']['interpellations']:,} interpellations, "
        f"{repo['commits']:,} commits; one interpellation: {repo['measured']}",
        "",
        table(
            [
                "page",
                "req/s",
                "p50 ms",
                "p99 ms",
                "× bare",
                "CPU ms/req",
                "CPU × bare",
                "non-2xx",
                "sock err",
            ],
            rows,
        ),
        f"(× bare: against the mean of the two bare runs, {bare['requests_per_second']:,.0f} "
        f"req/s and {bare['cpu_ms_per_request']:.2f} ms CPU a request; CPU: the server's "
        "processes, git helpers included)",
        "",
        f"service worker RSS: {before['rss_mb_worker']:.0f} MB before the load, "
        f"{after['rss_mb_worker']:.0f} MB after (whole tree {before['rss_mb_total']:.0f} → "
        f"{after['rss_mb_total']:.0f} MB); git processes under the service: "
        f"{before['git_processes']} before, {after['git_processes']} after",
        _flood_line(data["flood"]),
        "",
        "targets:",
    ]
    lines += [
        f"  [{'met' if t['met'] else 'MISSED'}] {t['what']}: {t['value']:g}"
        for t in data["targets"]
    ]
    return "\n".join(lines)


def _flood_line(figures: dict[str, Any]) -> str:
    return (
        f"flood of {figures['path']} for {figures['seconds']} s ({figures['requests']:,} "
        f"requests, {figures['not_2xx']} not 2xx): worker RSS {figures['rss_mb_worker_before']:.0f}"
        f" MB before, peak {figures['rss_mb_worker_peak']:.0f} MB, "
        f"{figures['rss_mb_worker_after']:.0f} MB after"
    )


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)

"""The command-line tool's start-up: `--help` and read commands, against bare Python.

A scheduler will call the tool (reminders, follow-up): every call pays Python's
start, the imports and the work. Each command runs as a new process on the demo
registre, in turns with `python -c pass` (the floor no Python tool goes under),
so a busy machine slows both alike. Issue 17's bound: under 0.3 s for `--help`
and for a read command.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import Outcome, measured_in_a_folder
from bench.machine import describe
from bench.report import ms, table, times
from bench.stats import Stats, ratio, summarize
from interpellations.demo.build import build_demo

NAME = "cli"
LIMIT_MS = 300.0
BASELINE = "python -c pass"
ONE = "2026/fracture-numerique"
COMMANDS: dict[str, list[str]] = {
    BASELINE: ["-c", "pass"],
    "--help": ["-m", "interpellations", "--help"],
    f"status {ONE}": ["-m", "interpellations", "status", ONE],
    f"show {ONE}": ["-m", "interpellations", "show", ONE],
    f"history {ONE}": ["-m", "interpellations", "history", ONE],
    "list": ["-m", "interpellations", "list"],
}
# what the bound applies to: the help, and a read command a scheduler would call
BOUNDED = ("--help", f"status {ONE}")


def add_arguments(group: argparse._ArgumentGroup) -> None:
    group.add_argument("--cli-runs", type=int, default=30, help="runs of each; default: 30")


def run(options: argparse.Namespace) -> Outcome:
    data = measured_in_a_folder("cli", lambda root: _run_in(root, options.cli_runs))
    return Outcome(format_table(data), data)


def _run_in(root: Path, runs: int) -> dict[str, Any]:
    build_demo(root / "registre.git")
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTERPELLATIONS_")}
    env["INTERPELLATIONS_DATA"] = str(root / "registre.git")
    for arguments in COMMANDS.values():  # the index built, the bytecode compiled
        _call(arguments, env)
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, arguments in COMMANDS.items():
            samples[name].append(_call(arguments, env))
    stats = {name: summarize(seconds) for name, seconds in samples.items()}
    return _assemble(root, runs, stats)


def _call(arguments: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, *arguments], env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - began


def _assemble(root: Path, runs: int, stats: dict[str, Stats]) -> dict[str, Any]:
    floor = stats[BASELINE].median_ms
    return {
        "benchmark": NAME,
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": describe(root, fsyncs=10) | {"load_average_1min": os.getloadavg()[0]},
        "runs": runs,
        "commands": {
            name: s.as_dict() | {"ratio_to_python": ratio(s.median_ms, floor)}
            for name, s in stats.items()
        },
        "targets": [
            {
                "what": f"{name}: median < {LIMIT_MS:g} ms",
                "value": round(stats[name].median_ms, 1),
                "limit": LIMIT_MS,
                "met": stats[name].median_ms < LIMIT_MS,
            }
            for name in BOUNDED
        ],
    }


def format_table(data: dict[str, Any]) -> str:
    rows = [
        [
            name,
            ms(figures["median_ms"]),
            ms(figures["p95_ms"]),
            ms(figures["min_ms"]),
            times(figures["ratio_to_python"]),
        ]
        for name, figures in data["commands"].items()
    ]
    lines = [
        f"Command-line start-up on the demo registre: {data['runs']} runs of each, in turns; "
        f"{data['machine']['cpus']} CPUs, load average {data['machine']['load_average_1min']:.1f}",
        table(["python -m interpellations …", "median ms", "p95", "min", "× python"], rows),
        "targets:",
    ]
    lines += [
        f"  [{'met' if t['met'] else 'MISSED'}] {t['what']}: {t['value']:g}"
        for t in data["targets"]
    ]
    return "\n".join(lines)

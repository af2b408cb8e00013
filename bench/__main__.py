"""`python -m bench [name …]`: run the named benchmarks (all of them when none is named)."""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from typing import cast

from bench import BENCHMARKS, Benchmark
from bench.report import write_json


def load(name: str) -> Benchmark:
    module, _ = BENCHMARKS[name]
    return cast(Benchmark, importlib.import_module(module))


def parser(benchmarks: dict[str, Benchmark]) -> argparse.ArgumentParser:
    described = "\n".join(f"  {name}: {summary}" for name, (_, summary) in BENCHMARKS.items())
    result = argparse.ArgumentParser(
        prog="python -m bench",
        description=f"Benchmarks (all of them when none is named):\n{described}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    result.add_argument("names", nargs="*", metavar="name", help="benchmarks to run")
    for name, benchmark in benchmarks.items():
        benchmark.add_arguments(result.add_argument_group(f"{name} benchmark"))
    return result


def main(argv: list[str] | None = None) -> int:
    benchmarks = {name: load(name) for name in BENCHMARKS}
    arguments = parser(benchmarks)
    options = arguments.parse_args(argv)
    unknown = [name for name in options.names if name not in BENCHMARKS]
    if unknown:
        arguments.error(f"unknown benchmark(s): {', '.join(unknown)}")
    for name in options.names or list(BENCHMARKS):
        began = time.perf_counter()
        outcome = benchmarks[name].run(options)
        path = write_json(name, outcome.data)
        print(outcome.text, flush=True)
        print(f"\n{name}: {time.perf_counter() - began:.0f} s in all; results in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

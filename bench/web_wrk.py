"""Running `wrk` and reading what it prints.

`wrk -tT -cC -dDs --latency` with a small Lua script that counts the status of
every response: wrk itself only counts statuses of 400 and above ("Non-2xx or
3xx responses"), so a redirect to the login page would pass unseen without it.
Requests per second and the 50th and 99th percentiles are read from wrk's own
`--latency` report.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STATUS_SCRIPT = """
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses")) do
      total[code] = (total[code] or 0) + count
    end
  end
  local parts = {}
  for code, count in pairs(total) do
    table.insert(parts, string.format('"%d": %d', code, count))
  end
  io.write("STATUSES {" .. table.concat(parts, ", ") .. "}\\n")
end
"""

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_PERCENTILE = re.compile(r"^\s*(\d+(?:\.\d+)?)%\s+(\d+(?:\.\d+)?)(us|ms|s|m|h)\s*$", re.M)
_RATE = re.compile(r"^Requests/sec:\s+(\d+(?:\.\d+)?)", re.M)
_TOTAL = re.compile(r"^\s*(\d+) requests in (\d+(?:\.\d+)?)(us|ms|s|m|h)", re.M)
_NON_2XX = re.compile(r"^\s*Non-2xx or 3xx responses:\s+(\d+)", re.M)
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", re.M)
_STATUSES = re.compile(r"^STATUSES (\{.*\})$", re.M)


class WrkMissing(RuntimeError):
    """The load tool is not installed."""


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise WrkMissing(
            "wrk is not installed: `make bench` installs it (Debian package `wrk`), "
            "or run `apt-get install -y wrk`."
        )
    return path


@dataclass(frozen=True)
class Load:
    """How hard to push: wrk's threads, connections and seconds."""

    threads: int = 2
    connections: int = 32
    seconds: int = 10


@dataclass(frozen=True)
class WrkResult:
    """One wrk run, as read from its output."""

    url: str
    requests: int
    seconds: float
    rate: float
    percentiles_ms: dict[str, float]
    statuses: dict[int, int]
    wrk_errors_status: int  # wrk's own count: statuses >= 400
    socket_errors: dict[str, int] = field(default_factory=dict)
    output: str = ""

    @property
    def p50(self) -> float:
        return self.percentiles_ms["50"]

    @property
    def p99(self) -> float:
        return self.percentiles_ms["99"]

    @property
    def not_2xx(self) -> int:
        """Responses whose status is not 2xx (redirects included)."""
        return sum(n for code, n in self.statuses.items() if not 200 <= code < 300)

    def as_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "requests": self.requests,
            "seconds": self.seconds,
            "requests_per_second": self.rate,
            "latency_ms": self.percentiles_ms,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "not_2xx": self.not_2xx,
            "socket_errors": self.socket_errors,
        }


def _ms(value: str, unit: str) -> float:
    return float(value) * _UNITS_MS[unit]


def parse(url: str, output: str) -> WrkResult:
    """Read one run's figures from wrk's text; a missing one raises ValueError."""
    rate = _RATE.search(output)
    total = _TOTAL.search(output)
    statuses = _STATUSES.search(output)
    if rate is None or total is None or statuses is None:
        raise ValueError(f"unexpected wrk output for {url}:\n{output}")
    percentiles = {
        f"{float(p):g}": round(_ms(value, unit), 3)
        for p, value, unit in _PERCENTILE.findall(output)
    }
    if "50" not in percentiles or "99" not in percentiles:
        raise ValueError(f"no latency distribution in wrk output (--latency?):\n{output}")
    non_2xx = _NON_2XX.search(output)
    sockets = _SOCKET.search(output)
    return WrkResult(
        url=url,
        requests=int(total.group(1)),
        seconds=round(_ms(total.group(2), total.group(3)) / 1000, 3),
        rate=float(rate.group(1)),
        percentiles_ms=percentiles,
        statuses={int(k): int(v) for k, v in json.loads(statuses.group(1)).items()},
        wrk_errors_status=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=dict(
            zip(("connect", "read", "write", "timeout"), map(int, sockets.groups()), strict=True)
        )
        if sockets
        else {},
        output=output,
    )


def command(url: str, load: Load, script: Path, headers: dict[str, str]) -> list[str]:
    argv = [
        wrk_path(),
        f"-t{load.threads}",
        f"-c{load.connections}",
        f"-d{load.seconds}s",
        "--latency",
        "-s",
        str(script),
    ]
    for name, value in headers.items():
        argv += ["-H", f"{name}: {value}"]
    return [*argv, url]


def run_wrk(url: str, load: Load, script: Path, headers: dict[str, str]) -> WrkResult:
    """Load `url` for `load.seconds` and return what wrk measured."""
    argv = command(url, load, script, headers)
    done = subprocess.run(
        argv, capture_output=True, text=True, timeout=load.seconds + 60, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return parse(url, done.stdout)


# Each request asks a new address (`?u=<thread>-<n>`): the page is built every time,
# never served from the page cache
UNCACHED_SCRIPT = """
local counter = 0
local id = string.gsub(tostring({}), "[^%w]", "")  -- differs between the threads

function request()
  counter = counter + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "u=" .. id .. "-" .. counter)
end
"""


def write_script(folder: Path, *, uncached: bool = False) -> Path:
    path = folder / ("uncached.lua" if uncached else "statuses.lua")
    path.write_text(STATUS_SCRIPT + (UNCACHED_SCRIPT if uncached else ""), encoding="utf-8")
    return path

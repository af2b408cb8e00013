"""Server processes for the web benchmark: start on loopback, wait, log in, measure, stop.

Each server runs in its own session (process group) so that stopping it stops
its granian workers too, by the group id of the process this module started.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from typing import IO
from urllib.parse import urlencode

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent


class ServerFailed(RuntimeError):
    """A server did not start, did not become ready, or answered what it should not."""


def free_port() -> int:
    """A TCP port free on loopback now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    """One server process started by us, its log, and the port it listens on."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path
    log: IO[bytes]

    @property
    def pid(self) -> int:
        return self.process.pid

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def log_tail(self, lines: int = 30) -> str:
        self.log.flush()
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            raise ServerFailed(
                f"{self.name} exited with status {self.process.returncode}:\n{self.log_tail()}"
            )

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM to the group this server leads, then SIGKILL if it lingers."""
        if self.process.poll() is None:
            _signal_group(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                _signal_group(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=grace)
        # Workers may outlive their parent by a moment: the group is ours, clear it.
        _signal_group(self.process.pid, signal.SIGKILL)
        self.log.close()


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, sig)


def start(
    name: str, argv: Sequence[str], env: Mapping[str, str], port: int, log_path: Path
) -> Server:
    """Start `argv` in its own session, its output into `log_path`."""
    log = log_path.open("wb")
    process = subprocess.Popen(
        list(argv),
        cwd=ROOT,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return Server(name, process, port, log_path, log)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def cookies(self) -> dict[str, str]:
        jar: SimpleCookie = SimpleCookie()
        for key, value in self.headers:
            if key.lower() == "set-cookie":
                jar.load(value)
        return {name: morsel.value for name, morsel in jar.items()}

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")


def request(
    port: int,
    method: str,
    path: str,
    *,
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 30.0,
) -> Answer:
    """One HTTP/1.1 request to 127.0.0.1:`port`, redirects not followed."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=dict(headers or {}))
        response = connection.getresponse()
        return Answer(response.status, response.getheaders(), response.read())
    finally:
        connection.close()


def wait_for(server: Server, path: str, timeout: float) -> float:
    """Poll `path` until it answers 200; return the seconds waited."""
    began = time.perf_counter()
    last = "no answer"
    while time.perf_counter() - began < timeout:
        server.check_alive()
        try:
            answer = request(server.port, "GET", path, timeout=5.0)
        except OSError as error:
            last = str(error)
        else:
            if answer.status == 200:
                return time.perf_counter() - began
            last = f"{answer.status} {answer.body[:200]!r}"
        time.sleep(0.1)
    raise ServerFailed(
        f"{server.name}: {path} not 200 after {timeout:.0f} s ({last})\n{server.log_tail()}"
    )


class _CsrfInput(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.token = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "input" and values.get("name") == "_csrf_token":
            self.token = values.get("value") or ""


def cookie_header(cookies: Mapping[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def login(port: int, email: str, password: str) -> dict[str, str]:
    """Log in by the form, as a browser does; return the cookies (`session`, `csrftoken`)."""
    page = request(port, "GET", "/connexion")
    if page.status != 200:
        raise ServerFailed(f"GET /connexion answered {page.status}")
    cookies = page.cookies()
    parser = _CsrfInput()
    parser.feed(page.body.decode("utf-8", errors="replace"))
    if not parser.token or "csrftoken" not in cookies:
        raise ServerFailed("the login page has no CSRF token (input or cookie)")
    form = urlencode(
        {"email": email, "password": password, "next": "/", "_csrf_token": parser.token}
    )
    answer = request(
        port,
        "POST",
        "/connexion",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(cookies),
        },
        body=form.encode(),
    )
    cookies.update(answer.cookies())
    if answer.status not in (302, 303) or not cookies.get("session"):
        raise ServerFailed(
            f"login as {email} answered {answer.status} without a session cookie: "
            f"{answer.body[:300]!r}"
        )
    return {"session": cookies["session"], "csrftoken": cookies["csrftoken"]}


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    name: str
    rss_kb: int


def _read_status(pid: int) -> Proc | None:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
    rss = fields.get("VmRSS", "0 kB").split()[0]
    return Proc(pid, int(fields["PPid"]), fields["Name"].strip(), int(rss))


def process_tree(root: int) -> list[Proc]:
    """`root` and its descendants, from /proc."""
    every = [p for p in (_read_status(int(d)) for d in os.listdir("/proc") if d.isdigit()) if p]
    children: dict[int, list[Proc]] = {}
    for proc in every:
        children.setdefault(proc.ppid, []).append(proc)
    found = [p for p in every if p.pid == root]
    for proc in found:  # grows while walking: breadth first
        found.extend(children.get(proc.pid, []))
    return found


@dataclass(frozen=True)
class Footprint:
    """Memory and helpers of a server's process tree at one moment."""

    rss_kb: dict[int, int] = field(default_factory=dict)  # pid: VmRSS of its python processes
    git: int = 0  # `git` processes in the tree (cat-file helpers and the like)

    @property
    def total_mb(self) -> float:
        return sum(self.rss_kb.values()) / 1024

    @property
    def largest_mb(self) -> float:
        return max(self.rss_kb.values(), default=0) / 1024

    def as_dict(self) -> dict[str, object]:
        return {
            "rss_mb_by_pid": {str(k): round(v / 1024, 1) for k, v in self.rss_kb.items()},
            "rss_mb_total": round(self.total_mb, 1),
            "rss_mb_worker": round(self.largest_mb, 1),
            "git_processes": self.git,
        }


def footprint(server: Server) -> Footprint:
    tree = process_tree(server.pid)
    return Footprint(
        rss_kb={p.pid: p.rss_kb for p in tree if p.name != "git"},
        git=sum(1 for p in tree if p.name == "git"),
    )


def cpu_seconds(server: Server) -> float:
    """User and system time spent so far by the server's live processes (git helpers too)."""
    ticks = 0
    for proc in process_tree(server.pid):
        try:
            text = Path(f"/proc/{proc.pid}/stat").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        fields = text.rpartition(")")[2].split()  # after the name, which may hold spaces
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return ticks / os.sysconf("SC_CLK_TCK")


def worker_pid(server: Server) -> int:
    """The process that serves: the largest non-git process of the tree (granian's worker)."""
    tree = [p for p in process_tree(server.pid) if p.name != "git"]
    return max(tree, key=lambda p: p.rss_kb).pid if tree else server.pid

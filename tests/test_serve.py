"""End to end: the service as `make serve` starts it, over real HTTP on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from server.demo_accounts import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.status, response.read().decode()


READY_WITHIN = 300.0


def ready(url: str) -> bool:
    try:
        return fetch(url)[0] == 200
    except OSError:  # not listening yet, or 503 while it catches up
        return False


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    data = tmp_path / "registre.git"
    env = {
        **os.environ,
        "INTERPELLATIONS_DATA": str(data),
        "INTERPELLATIONS_PORT": str(port),
        "INTERPELLATIONS_BASE_URL": f"http://127.0.0.1:{port}",
    }
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "server"], cwd=ROOT, env=env, stdout=output, stderr=output
        )
    base = f"http://127.0.0.1:{port}"
    try:
        # ready when it says so, however long building the demo takes on a busy machine;
        # a process that stops, or hangs for minutes, fails with what it printed
        deadline = time.monotonic() + READY_WITHIN
        while not ready(f"{base}/readyz"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the service is not ready:\n{log.read_text(errors='replace')}")
            time.sleep(0.1)
        yield base, data
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.e2e
def test_a_fresh_start_creates_and_serves_the_demo(served: tuple[str, Path]) -> None:
    base, data = served
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with browser.open(f"{base}/", timeout=10) as response:  # not logged in: the login form
        form = response.read().decode()
        assert response.url.startswith(f"{base}/connexion")
    token = form.split('name="_csrf_token" value="', 1)[1].split('"', 1)[0]
    fields = {
        "email": "thomas.lejeune@cpas-hautvallon.example",
        "password": DEMO_PASSWORD,
        "_csrf_token": token,
        "next": "/",
    }
    with browser.open(
        f"{base}/connexion", data=urllib.parse.urlencode(fields).encode(), timeout=10
    ) as response:
        page = response.read().decode()
    assert "Immeubles vides et pénurie de logements abordables" in page
    assert (data / "HEAD").is_file()  # the demo registre, created on first start
    with browser.open(f"{base}/interpellations/2025/logements-vides", timeout=10) as response:
        assert "Vaststellingen" in response.read().decode()

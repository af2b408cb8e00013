"""End to end: the service as `make serve` starts it, over real HTTP on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.status, response.read().decode()


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
    process = subprocess.Popen(
        [sys.executable, "-m", "server"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                fetch(f"{base}/healthz")
                break
            except OSError:
                if process.poll() is not None:
                    output = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"the service stopped: {output}")
                time.sleep(0.1)
        yield base, data
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


@pytest.mark.e2e
def test_a_fresh_start_creates_and_serves_the_demo(served: tuple[str, Path]) -> None:
    base, data = served
    status, page = fetch(f"{base}/")
    assert status == 200
    assert "Immeubles vides et pénurie de logements abordables" in page
    assert (data / "HEAD").is_file()  # the demo registre, created on first start
    status, page = fetch(f"{base}/interpellations/2025/logements-vides")
    assert "Vaststellingen" in page

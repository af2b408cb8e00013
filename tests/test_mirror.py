"""The off-machine mirror, on real bare repositories pushed to over a path and `file://`."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from polling import wait_for

from interpellations.clock import fixed_time
from interpellations.record.store.gitconfig import run_git
from interpellations.record.store.mirror import Mirror, MirrorStatus, mask_credentials

FAST = (0.02, 0.05)
COMMITTER = ("-c", "user.name=X", "-c", "user.email=x@example.org")


def bare(path: Path) -> Path:
    run_git(path.parent, "init", "--quiet", "--bare", "--initial-branch=main", str(path))
    return path


def clone(origin: Path, work: Path) -> Path:
    run_git(origin.parent, "clone", "--quiet", str(origin), str(work))
    return work


def commit_and_push(work: Path, name: str) -> str:
    """One commit on main of a working clone, pushed to its origin; returns it."""
    (work / name).write_text(name)
    run_git(work, "add", name)
    run_git(work, *COMMITTER, "commit", "--quiet", "-m", name)
    run_git(work, "push", "--quiet", "origin", "HEAD:refs/heads/main")
    return head(work)


def head(repo: Path) -> str:
    return run_git(repo, "rev-parse", "refs/heads/main")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A bare data repository with two commits on main."""
    return bare(tmp_path / "data.git")


@pytest.fixture
def work(data: Path, tmp_path: Path) -> Path:
    work = clone(data, tmp_path / "work")
    commit_and_push(work, "one")
    commit_and_push(work, "two")
    return work


@pytest.fixture
def mirrors() -> Iterator[list[Mirror]]:
    """Mirrors whose threads a test started, stopped whatever it asserts."""
    started: list[Mirror] = []
    yield started
    for mirror in started:
        mirror.stop()


def test_push_puts_main_on_a_remote_given_by_path(data: Path, work: Path, tmp_path: Path) -> None:
    remote = bare(tmp_path / "remote.git")
    mirror = Mirror(data, str(remote), tmp_path / "mirror.json")
    assert mirror.status().unpushed == 2

    status = mirror.push_now()

    assert status.ok, status
    assert head(remote) == head(data)
    assert run_git(data, "rev-parse", "refs/mirror/main") == head(data)
    commit_and_push(work, "three")
    assert mirror.status().unpushed == 1
    assert mirror.push_now().unpushed == 0
    assert head(remote) == head(data)


def test_push_over_a_file_url(data: Path, work: Path, tmp_path: Path) -> None:
    remote = bare(tmp_path / "remote.git")
    mirror = Mirror(data, remote.as_uri(), tmp_path / "mirror.json")

    status = mirror.push_now()

    assert status == MirrorStatus(remote.as_uri(), 0, status.last_push, "", False)
    assert head(remote) == head(data)


def test_last_push_survives_a_restart(data: Path, work: Path, tmp_path: Path) -> None:
    remote = bare(tmp_path / "remote.git")
    state = tmp_path / "state" / "mirror.json"
    moment = dt.datetime(2026, 3, 4, 10, 30, tzinfo=dt.UTC)
    with fixed_time(moment):
        Mirror(data, str(remote), state).push_now()

    again = Mirror(data, str(remote), state).status()

    assert again.last_push == moment
    assert again.last_push.tzinfo is not None
    assert again.ok
    assert json.loads(state.read_text())["last_push"] == moment.isoformat()
    assert [path.name for path in state.parent.iterdir()] == ["mirror.json"]


def test_an_empty_repository_has_nothing_to_push(data: Path, tmp_path: Path) -> None:
    mirror = Mirror(data, str(tmp_path / "absent.git"), tmp_path / "mirror.json")

    status = mirror.push_now()

    assert (status.unpushed, status.last_error, status.last_push) == (0, "", None)


def test_a_missing_remote_is_reported_then_caught_up_in_the_background(
    data: Path,
    work: Path,
    tmp_path: Path,
    mirrors: list[Mirror],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="interpellations.mirror")
    remote = tmp_path / "later.git"
    mirror = Mirror(data, str(remote), tmp_path / "mirror.json", delays=FAST)

    failed = mirror.push_now()
    assert failed.last_error.startswith("git push:")
    assert failed.unpushed == 2
    assert not failed.ok
    assert failed.last_push is None

    mirrors.append(mirror)
    mirror.start()
    bare(remote)
    mirror.nudge()
    wait_for(lambda: mirror.status().ok)

    assert head(remote) == head(data)
    assert caplog.records[0].levelno == logging.WARNING
    assert failed.last_error in caplog.records[0].getMessage()
    assert "succeeded again" in caplog.records[-1].getMessage()
    assert Mirror(data, str(remote), tmp_path / "mirror.json").status().ok


def test_a_failure_is_logged_once(
    data: Path, work: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    mirror = Mirror(data, str(tmp_path / "absent.git"), tmp_path / "mirror.json")

    for _ in range(3):
        mirror.push_now()

    assert len(caplog.records) == 1
    assert caplog.records[0].levelno == logging.WARNING


def test_the_thread_pushes_each_write_after_a_nudge(
    data: Path, work: Path, tmp_path: Path, mirrors: list[Mirror]
) -> None:
    remote = bare(tmp_path / "remote.git")
    mirror = Mirror(data, str(remote), tmp_path / "mirror.json", delays=FAST)
    mirrors.append(mirror)
    mirror.start()
    wait_for(lambda: mirror.status().ok)

    latest = commit_and_push(work, "three")
    mirror.nudge()
    wait_for(lambda: mirror.status().ok)
    assert head(remote) == latest

    mirror.stop()
    assert mirror._thread is not None
    assert not mirror._thread.is_alive()


def test_a_remote_that_moved_on_its_own_is_never_forced(
    data: Path, work: Path, tmp_path: Path
) -> None:
    remote = bare(tmp_path / "remote.git")
    mirror = Mirror(data, str(remote), tmp_path / "mirror.json")
    mirror.push_now()
    theirs = commit_and_push(clone(remote, tmp_path / "elsewhere"), "theirs")
    commit_and_push(work, "ours")

    status = mirror.push_now()

    assert status.diverged
    assert "rejected" in status.last_error
    assert status.unpushed == 1
    assert head(remote) == theirs
    assert run_git(data, "rev-parse", "refs/mirror/remote") == theirs
    again = Mirror(data, str(remote), tmp_path / "mirror.json").status()
    assert again.diverged
    assert not again.ok


def test_a_remote_ahead_with_our_own_commits_is_not_a_divergence(
    data: Path, work: Path, tmp_path: Path
) -> None:
    remote = bare(tmp_path / "remote.git")
    mirror = Mirror(data, str(remote), tmp_path / "mirror.json")
    mirror.push_now()
    # Someone pushed our main there by hand, so the remote is ahead of what we noted.
    run_git(data, "push", "--quiet", str(remote), "refs/heads/main:refs/heads/main")

    assert mirror.push_now().ok


def test_the_remote_is_shown_with_its_password_masked(data: Path, tmp_path: Path) -> None:
    url = "https://user:secret@host/x.git"

    mirror = Mirror(data, url, tmp_path / "mirror.json")

    assert mirror.status().remote == "https://user:***@host/x.git"


def test_git_messages_are_masked(data: Path, work: Path, tmp_path: Path) -> None:
    # Port 9 on loopback refuses at once: a real failed push, no name to resolve.
    url = "https://user:s3cr%2Fet@127.0.0.1:9/x.git"
    mirror = Mirror(data, url, tmp_path / "mirror.json")

    status = mirror.push_now()

    assert status.last_error
    assert "s3cr" not in status.last_error
    assert "s3cr" not in (tmp_path / "mirror.json").read_text()
    assert status.remote == "https://user:***@127.0.0.1:9/x.git"


def test_mask_credentials() -> None:
    message = "fatal: unable to access 'https://user:secret@host/x.git/': no; secret again"

    masked = mask_credentials(message, ["secret"])

    assert masked == "fatal: unable to access 'https://user:***@host/x.git/': no; *** again"
    assert mask_credentials("https://TOKEN123@host/x.git") == "https://***@host/x.git"
    assert mask_credentials("ssh://git@host/x.git") == "ssh://git@host/x.git"
    assert mask_credentials("/srv/backup.git") == "/srv/backup.git"

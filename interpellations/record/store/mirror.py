"""The off-machine copy of the record: the data repository's branch pushed to a remote.

The record lives in one bare repository on one machine; a lost disk would be a
coordination's lost history. So each write is followed, soon and without the writer
waiting, by a push of `main` to a remote the coordinator chose. The push is never
forced: a remote that moved on its own holds somebody's work, and only a person can say
which history wins, so the mirror reports that it has diverged and keeps trying until
that person has settled it.

What the remote has is remembered as a ref of the data repository (`refs/mirror/main`,
outside `refs/heads` so that nobody takes it for a branch), which makes "how much is not
yet off this machine" a local count. When the remote last accepted a push, the last
error and the divergence are kept in a small state file, so that they survive a restart.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import re
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from interpellations.clock import now
from interpellations.record.store.gitconfig import run_git

log = logging.getLogger("interpellations.mirror")

BRANCH_REF = "refs/heads/main"
PUSHED_REF = "refs/mirror/main"
REMOTE_REF = "refs/mirror/remote"
DEFAULT_DELAYS = (1.0, 5.0, 30.0, 120.0, 600.0)

# A stalled HTTP transfer ends (under 1 KiB/s for two minutes) instead of holding the
# mirror's only thread for ever.
_TRANSFER_LIMITS = ("-c", "http.lowSpeedLimit=1024", "-c", "http.lowSpeedTime=120")

# A literal secret shorter than this is masked only inside a URL: replacing a one-letter
# password everywhere would garble git's message without hiding anything.
_MIN_LITERAL_SECRET = 4

_URL_PASSWORD = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.-]*://[^/@\s:'\"]*):[^/@\s'\"]*@")
# A user name alone over HTTP is how forges take an access token.
_HTTP_TOKEN = re.compile(r"(\bhttps?://)[^/@\s:'\"]+@", re.IGNORECASE)


@dataclass(frozen=True)
class MirrorStatus:
    """Where the off-machine copy stands, as last known: no network is asked."""

    remote: str
    unpushed: int
    last_push: dt.datetime | None
    last_error: str
    diverged: bool

    @property
    def ok(self) -> bool:
        return self.unpushed == 0 and not self.last_error and not self.diverged


@dataclass(frozen=True)
class _State:
    """What the mirror remembers across restarts."""

    last_push: dt.datetime | None = None
    last_error: str = ""
    diverged: bool = False


def mask_credentials(text: str, secrets: Sequence[str] = ()) -> str:
    """`text` with the passwords of the URLs in it, and the given secrets, replaced by `***`."""
    for secret in sorted(secrets, key=len, reverse=True):
        if len(secret) >= _MIN_LITERAL_SECRET:
            text = text.replace(secret, "***")
    text = _URL_PASSWORD.sub(r"\1:***@", text)
    return _HTTP_TOKEN.sub(r"\1***@", text)


def _secrets_of(url: str) -> tuple[str, ...]:
    """The secrets a remote's URL carries, as written and percent-decoded."""
    try:
        parts = urlsplit(url)
        secret = parts.password
        if secret is None and parts.scheme.lower() in ("http", "https"):
            secret = parts.username
    except ValueError:
        return ()
    if not secret:
        return ()
    return tuple({secret, unquote(secret)})


def _is_rejection(message: str) -> bool:
    """Did the remote refuse because its branch moved (not because it was unreachable)?"""
    return "[rejected]" in message or "non-fast-forward" in message or "fetch first" in message


class Mirror:
    """Pushes the data repository's `main` to one remote, in the background, never forced."""

    def __init__(
        self,
        git_dir: Path,
        url: str,
        state_file: Path,
        *,
        delays: Sequence[float] = DEFAULT_DELAYS,
    ) -> None:
        if not delays or any(delay < 0 for delay in delays):
            raise ValueError("delays must be a non-empty sequence of non-negative seconds")
        self.git_dir = git_dir
        self.url = url
        self.state_file = state_file
        self._delays = tuple(float(delay) for delay in delays)
        self._secrets = _secrets_of(url)
        self._state = _read_state(state_file)
        # Logged once per process, so a restart says again what is still wrong.
        self._logged_error = ""
        self._attempting = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def remote(self) -> str:
        return self._mask(self.url)

    # -- what callers use ---------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive() and not self._stopping.is_set():
            return
        # A fresh event per thread: one still finishing its push after `stop` ends
        # for good and never serves alongside its successor.
        self._stopping = threading.Event()
        self._thread = threading.Thread(
            target=self._serve, args=(self._stopping,), name="interpellations-mirror", daemon=True
        )
        self._thread.start()
        # What a previous run left unpushed leaves at once.
        self._wake.set()

    def nudge(self) -> None:
        self._wake.set()

    def push_now(self) -> MirrorStatus:
        with self._attempting:
            self._attempt()
        return self.status()

    def status(self) -> MirrorStatus:
        state = self._state
        return MirrorStatus(
            remote=self.remote,
            unpushed=self._unpushed(),
            last_push=state.last_push,
            last_error=state.last_error,
            diverged=state.diverged,
        )

    def stop(self, timeout: float = 5) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    # -- the background thread ----------------------------------------------------

    def _serve(self, stopping: threading.Event) -> None:
        failures = 0
        while True:
            if failures:
                self._back_off(failures, stopping)
            else:
                self._wake.wait()
            if stopping.is_set():
                return
            self._wake.clear()
            failures = 0 if self._push_if_needed() else failures + 1

    def _back_off(self, failures: int, stopping: threading.Event) -> None:
        delay = self._delays[min(failures, len(self._delays)) - 1]
        started = time.monotonic()
        if self._wake.wait(delay) and not stopping.is_set():
            # A new write should leave soon, yet a burst of writes to a dead remote must
            # not become a burst of pushes: no sooner than the first delay.
            soonest = min(delay, self._delays[0])
            stopping.wait(max(0.0, soonest - (time.monotonic() - started)))

    def _push_if_needed(self) -> bool:
        """One try when something is due; True when nothing is left to do."""
        try:
            with self._attempting:
                if not self._pending():
                    return True
                return self._attempt()
        except Exception:
            # The thread is the only way the record leaves the machine: it must not die.
            log.exception("mirror to %s: unexpected failure, will retry", self.remote)
            return False

    def _pending(self) -> bool:
        state = self._state
        return bool(state.last_error) or state.diverged or self._unpushed() > 0

    # -- one try --------------------------------------------------------------------

    def _attempt(self) -> bool:
        head = self._resolve(BRANCH_REF)
        if not head:
            return True
        try:
            # The commit resolved here, not the moving branch, so that what the remote
            # then has is known exactly; no `+` and no `--force`, ever.
            self._git_remote("push", "--quiet", "--", self.url, f"{head}:{BRANCH_REF}")
        except (RuntimeError, OSError) as error:
            self._failed(self._mask(str(error)))
            return False
        run_git(self.git_dir, "update-ref", "-m", "mirror: pushed", PUSHED_REF, head)
        self._succeeded()
        return True

    def _failed(self, message: str) -> None:
        diverged = self._state.diverged
        if _is_rejection(message):
            diverged = self._remote_diverged(default=diverged)
        if message != self._logged_error:
            self._logged_error = message
            log.warning(
                "mirror push to %s failed%s: %s",
                self.remote,
                " (its main has commits ours has not; not forcing)" if diverged else "",
                message,
            )
        self._save(replace(self._state, last_error=message, diverged=diverged))

    def _remote_diverged(self, *, default: bool) -> bool:
        """Fetch the remote's main and say whether it holds commits ours does not."""
        try:
            # The `+` forces only our own note of what the remote has, never the remote.
            self._git_remote(
                "fetch",
                "--quiet",
                "--no-tags",
                "--no-write-fetch-head",
                "--",
                self.url,
                f"+{BRANCH_REF}:{REMOTE_REF}",
            )
        except (RuntimeError, OSError) as error:
            log.warning("mirror fetch from %s failed: %s", self.remote, self._mask(str(error)))
            return default
        theirs_only = run_git(self.git_dir, "rev-list", "--count", REMOTE_REF, "--not", BRANCH_REF)
        return int(theirs_only) > 0

    def _succeeded(self) -> None:
        if self._state.last_error or self._state.diverged:
            log.info("mirror push to %s succeeded again", self.remote)
        self._logged_error = ""
        self._save(_State(last_push=now().astimezone(dt.UTC)))

    # -- helpers --------------------------------------------------------------------

    def _git_remote(self, command: str, *args: str) -> None:
        try:
            run_git(self.git_dir, *_TRANSFER_LIMITS, command, *args)
        except RuntimeError as error:
            # `run_git` names the command by its first argument, here the `-c` of the limits.
            raise RuntimeError(str(error).replace("git -c:", f"git {command}:", 1)) from None

    def _resolve(self, ref: str) -> str:
        return run_git(
            self.git_dir, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False
        )

    def _unpushed(self) -> int:
        # A missing ref counts as empty: all of main before the first push, 0 with no main.
        count = run_git(
            self.git_dir, "rev-list", "--count", "--ignore-missing", BRANCH_REF, "--not", PUSHED_REF
        )
        return int(count or 0)

    def _mask(self, text: str) -> str:
        return mask_credentials(text, self._secrets)

    def _save(self, state: _State) -> None:
        if state == self._state:
            return
        # In memory first: a state file that cannot be written must not make status lie.
        self._state = state
        _write_atomically(self.state_file, json.dumps(_state_to_json(state), indent=2) + "\n")


def _state_to_json(state: _State) -> dict[str, Any]:
    return {
        "last_push": state.last_push.isoformat() if state.last_push else None,
        "last_error": state.last_error,
        "diverged": state.diverged,
    }


def _read_state(path: Path) -> _State:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return _State()
    except (OSError, ValueError) as error:
        log.warning("mirror state %s unreadable, starting afresh: %s", path, error)
        return _State()
    if not isinstance(data, dict):
        log.warning("mirror state %s is not an object, starting afresh", path)
        return _State()
    return _State(
        last_push=_parse_time(data.get("last_push")),
        last_error=str(data.get("last_error") or ""),
        diverged=data.get("diverged") is True,
    )


def _parse_time(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _write_atomically(path: Path, text: str) -> None:
    """Replace `path` whole: a crash leaves the old state or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise

"""Slowing down password and code guesses, without ever locking the real person out.

Tries are counted per person *and* address: someone guessing a colleague's
password from elsewhere uses up their own allowance, never the colleague's, who
logs in as usual. Failures are also counted per address, whoever they name, so
that one address cannot try every account. The address is the one a configured
reverse proxy reports (`client_address`), else the connection's.

Counting uses the `limits` library's moving windows, in memory: a try is counted
before the password is checked, in one atomic step, so that concurrent tries do
not get more guesses than the limit; a success clears that person's count. A
restart forgets the counts (a guesser then waits no longer than a fresh start).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

# A person from one address: a few slips, then a try a minute or so, and at most a
# few dozen an hour. From one address, failures for anyone: an office's morning.
PER_PERSON = (parse("5/5 minutes"), parse("20/hour"))
PER_ADDRESS = (parse("60/15 minutes"),)


class Throttle:
    """The counts of one service's login and second-factor tries."""

    def __init__(self) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def attempt(self, kind: str, person: str, address: str = "") -> int:
        """Count one try; 0 to go on and check it, else the seconds to wait first."""
        for item in PER_ADDRESS if address else ():
            if not self._limiter.test(item, "failures", address):
                return self._wait(item, "failures", address)
        for item in PER_PERSON:
            if not self._limiter.hit(item, kind, person, address):
                return self._wait(item, kind, person, address)
        return 0

    def failed(self, address: str) -> None:
        """A wrong password or code: one more failure from this address."""
        for item in PER_ADDRESS:
            self._limiter.hit(item, "failures", address)

    def succeeded(self, kind: str, person: str, address: str = "") -> None:
        """The right password or code: this person starts afresh from this address."""
        for item in PER_PERSON:
            self._limiter.clear(item, kind, person, address)

    def _wait(self, item: RateLimitItem, *identifiers: str) -> int:
        reset = self._limiter.get_window_stats(item, *identifiers).reset_time
        return max(1, math.ceil(reset - time.time()))


def client_address(peer: str, headers: Mapping[str, str] | None, header: str) -> str:
    """The client's address: the last one the configured proxy header lists, else the peer.

    Only the last entry is the proxy's own (earlier ones are whatever the client
    sent); without a configured header, a header the client sends is ignored.
    """
    if header and headers:
        listed = [part.strip() for part in headers.get(header.lower(), "").split(",")]
        if listed and listed[-1]:
            return listed[-1]
    return peer

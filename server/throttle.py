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
from collections.abc import Sequence

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

# A person from one address: a few slips, then a try a minute or so, and at most a
# few dozen an hour. From one address, failures for anyone: an office's morning.
PER_PERSON = (parse("5/5 minutes"), parse("20/hour"))
# High: behind one address (an office's NAT, a proxy whose header is not configured)
# a whole CPAS logs in; it stops one address trying every account, not a morning's slips
PER_ADDRESS = (parse("300/15 minutes"),)
# The counts are kept per key, and `limits` keeps a key once seen: beyond this many,
# they start afresh (as after a restart) rather than grow with every address typed
MAX_KEYS = 50_000
EMAIL_MAX = 254


class Throttle:
    """The counts of one service's login and second-factor tries."""

    def __init__(self) -> None:
        self._storage = MemoryStorage()
        self._limiter = MovingWindowRateLimiter(self._storage)

    def attempt(self, kind: str, person: str, address: str = "") -> int:
        """Count one try; 0 to go on and check it, else the seconds to wait first."""
        if len(self._storage.events) > MAX_KEYS:
            self._storage.reset()
        person = person[:EMAIL_MAX]
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
            self._limiter.clear(item, kind, person[:EMAIL_MAX], address)

    def _wait(self, item: RateLimitItem, *identifiers: str) -> int:
        reset = self._limiter.get_window_stats(item, *identifiers).reset_time
        return max(1, math.ceil(reset - time.time()))


def client_address(peer: str, values: Sequence[str], header: str) -> str:
    """The client's address: the last one the configured proxy header lists, else the peer.

    `values`: every line of that header, in order (a proxy may add its own line
    rather than extend the client's). Only the last entry is the proxy's own;
    without a configured header, a header the client sends is ignored.
    """
    if header:
        listed = [part.strip() for value in values for part in value.split(",")]
        if listed and listed[-1]:
            return listed[-1]
    return peer
